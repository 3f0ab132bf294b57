#!/usr/bin/env python3
"""Independent reference implementation of the STREC evaluation protocols (pop model only).

Pure Python 3.11 standard library. Definitions follow /work/shared/PROTOCOLS.md; see README.md
in this folder for the exact commands and the resolved ambiguities.

Usage:
  python3 reference.py loo --movielens DIR --split valid|test --out FILE.json [--no-cases]
  python3 reference.py getnext --checkins FILE.tsv[.gz] --eval FILE.csv --out FILE.json [--no-cases]
  python3 reference.py given --train FILE.train.inter --eval FILE.inter [--items ITEMFILE]
                       --out FILE.json [--no-cases]
  Add --check to recompute every rank by brute force (a full loop over the catalogue per case)
  and abort if the two computations ever disagree.

Model "pop": score(item) = number of training events of that item (0 if none).

Ranking: rank(target) = 1 + #{catalogue items j (after exclusion) placed before the target};
j is before t iff score_j > score_t, or score_j == score_t and id_j < id_t, where ids compare
numerically if every catalogue id is an integer, else by plain string (code point) order.
"""

import argparse
import csv
import gzip
import json
import math
import re
import sys
from collections import Counter, OrderedDict
from datetime import datetime, timezone

KS = (1, 5, 10, 20)
NDCG_K = 10
_INT_RE = re.compile(r"^[+-]?[0-9]+$")


# ----------------------------------------------------------------------------------------------
# Ranking
# ----------------------------------------------------------------------------------------------
class Ranker:
    """Pop ranking over a fixed catalogue.

    The catalogue is sorted once by (score desc, id asc); the position of an item in that order
    is the number of catalogue items before it. With exclusion, the excluded items that sit before
    the target are subtracted.
    """

    def __init__(self, catalogue, counts):
        self.catalogue = set(catalogue)
        self.counts = counts
        self.numeric = all(_INT_RE.match(i) for i in self.catalogue)
        idkey = (lambda i: int(i)) if self.numeric else (lambda i: i)
        self.idkey = idkey
        order = sorted(self.catalogue, key=lambda i: (-self.score(i), idkey(i)))
        self.pos = {item: p for p, item in enumerate(order)}

    def score(self, item):
        return self.counts.get(item, 0)

    def before(self, j, t):
        sj, st = self.score(j), self.score(t)
        if sj != st:
            return sj > st
        return self.idkey(j) < self.idkey(t)

    def rank(self, target, excluded=()):
        if target not in self.pos:
            raise ValueError("target %r not in catalogue" % (target,))
        pt = self.pos[target]
        ahead = pt
        for h in set(excluded):
            if h != target and h in self.pos and self.pos[h] < pt:
                ahead -= 1
        return 1 + ahead

    def rank_brute(self, target, excluded=()):
        ex = set(excluded)
        ex.discard(target)
        n = 0
        for j in self.catalogue:
            if j == target or j in ex:
                continue
            if self.before(j, target):
                n += 1
        return 1 + n


def metrics(ranks):
    n = len(ranks)
    out = OrderedDict()
    if n == 0:
        for k in KS:
            out["HR@%d" % k] = None
        out["NDCG@%d" % NDCG_K] = None
        out["MRR"] = None
        return out
    for k in KS:
        out["HR@%d" % k] = sum(1 for r in ranks if r <= k) / n
    out["NDCG@%d" % NDCG_K] = sum((1.0 / math.log2(r + 1)) if r <= NDCG_K else 0.0 for r in ranks) / n
    out["MRR"] = sum(1.0 / r for r in ranks) / n
    return out


def finish(protocol, ranker, cases, args, extra):
    """cases: list of dicts with at least 'rank'. Writes the JSON file."""
    ranks = [c["rank"] for c in cases]
    result = OrderedDict()
    result["protocol"] = protocol
    result["model"] = "pop"
    result["n"] = len(cases)
    result["metrics"] = metrics(ranks)
    result["catalogue_size"] = len(ranker.catalogue)
    for k, v in extra.items():
        result[k] = v
    if not args.no_cases:
        result["cases"] = cases
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(json.dumps({"protocol": protocol, "n": len(cases), "metrics": result["metrics"]}))


def do_rank(ranker, target, excluded, check):
    r = ranker.rank(target, excluded)
    if check:
        rb = ranker.rank_brute(target, excluded)
        if rb != r:
            raise AssertionError("rank mismatch for %r: fast %d brute %d" % (target, r, rb))
    return r


# ----------------------------------------------------------------------------------------------
# loo (MovieLens)
# ----------------------------------------------------------------------------------------------
def run_loo(args):
    d = args.movielens.rstrip("/")
    events_by_user = OrderedDict()  # user -> list of (ts, file_index, item)
    catalogue = set()
    import os, csv
    if os.path.exists(d + "/u.data"):
        # MovieLens 100K layout: u.data (tab-separated, no header) and u.item (pipe-separated).
        with open(d + "/u.data", encoding="latin-1") as f:
            for idx, line in enumerate(f):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                parts = line.split("\t")
                user, item, _rating, ts = parts[0].strip(), parts[1].strip(), parts[2], int(parts[3])
                events_by_user.setdefault(user, []).append((ts, idx, item))
                catalogue.add(item)
        try:
            with open(d + "/u.item", encoding="latin-1") as f:
                for line in f:
                    line = line.rstrip("\r\n")
                    if not line.strip():
                        continue
                    catalogue.add(line.split("|", 1)[0].strip())
        except FileNotFoundError:
            pass
    else:
        # MovieLens "latest" layout: ratings.csv and movies.csv with headers.
        with open(d + "/ratings.csv", encoding="utf-8", newline="") as f:
            for idx, row in enumerate(csv.DictReader(f)):
                user, item, ts = row["userId"].strip(), row["movieId"].strip(), int(row["timestamp"])
                events_by_user.setdefault(user, []).append((ts, idx, item))
                catalogue.add(item)
        try:
            with open(d + "/movies.csv", encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    catalogue.add(row["movieId"].strip())
        except FileNotFoundError:
            pass

    counts = Counter()
    seqs = OrderedDict()
    for user, evs in events_by_user.items():
        seq = [item for ts, idx, item in sorted(evs, key=lambda e: e[0])]  # stable sort
        seqs[user] = seq
        for item in seq[:-2]:
            counts[item] += 1
    ranker = Ranker(catalogue, counts)

    offset = 1 if args.split == "test" else 2
    cases = []
    for user, seq in seqs.items():
        if len(seq) < offset:
            continue  # user has no event in this position (only possible with < 2 events)
        ti = len(seq) - offset
        target = seq[ti]
        history = seq[:ti]
        r = do_rank(ranker, target, history, args.check)
        cases.append(OrderedDict([("user", user), ("target", target), ("rank", r),
                                  ("history_len", len(history))]))
    finish("loo", ranker, cases, args,
           OrderedDict([("split", args.split), ("train_events", sum(counts.values())), ("exclusion", True)]))


# ----------------------------------------------------------------------------------------------
# getnext (Foursquare NYC)
# ----------------------------------------------------------------------------------------------
def _open_text(path):
    with open(path, "rb") as fb:
        magic = fb.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, "r", encoding="utf-8", newline="")


def _epoch(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    dt = datetime.fromisoformat(s)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return int(dt.timestamp())


def run_getnext(args):
    # evaluation file first (needed for the no-split fallback)
    with open(args.eval, "r", encoding="utf-8", newline="") as f:
        eval_rows = list(csv.DictReader(f))
    first_eval_time = min(_epoch(r["UTC_time"]) for r in eval_rows) if eval_rows else None

    counts = Counter()
    train_users = set()
    n_train = 0
    with _open_text(args.checkins) as f:
        reader = csv.DictReader(f, delimiter="\t")
        has_split = "split" in reader.fieldnames
        for row in reader:
            if has_split:
                is_train = row["split"].strip() == "train"
            else:
                is_train = first_eval_time is not None and _epoch(row["utc_time"]) < first_eval_time
            if not is_train:
                continue
            vid = row["venue_id"].strip()
            item = vid if vid else "#" + row["venue_idx"].strip()
            counts[item] += 1
            train_users.add(row["user_id"].strip())
            n_train += 1
    catalogue = set(counts)
    ranker = Ranker(catalogue, counts)

    groups = OrderedDict()  # trajectory_id -> list of (file_index, row), in file order
    for idx, row in enumerate(eval_rows):
        groups.setdefault(row["trajectory_id"].strip(), []).append((idx, row))

    cases = []
    skipped = Counter()
    for traj, rows in groups.items():
        rows = sorted(rows, key=lambda e: _epoch(e[1]["UTC_time"]))  # stable
        user = rows[0][1]["user_id"].strip()
        if user not in train_users:
            skipped["unseen_user"] += 1
            continue
        kept = [r for _, r in rows if r["POI_id"].strip() in catalogue]
        if len(kept) < 3:
            skipped["short"] += 1
            continue
        target_row = kept[-1]
        prev_row = kept[-2]
        target = target_row["POI_id"].strip()
        r = do_rank(ranker, target, (), args.check)
        cases.append(OrderedDict([
            ("user", user), ("trajectory_id", traj), ("target", target), ("rank", r),
            ("history_len", len(kept) - 1),
            ("query_time", _epoch(target_row["UTC_time"])),
            ("query_lat", float(prev_row["latitude"])),
            ("query_lon", float(prev_row["longitude"])),
        ]))
    finish("getnext", ranker, cases, args,
           OrderedDict([("train_events", n_train), ("train_users", len(train_users)),
                        ("trajectories", len(groups)),
                        ("skipped_unseen_user", skipped["unseen_user"]),
                        ("skipped_short", skipped["short"]), ("exclusion", False)]))


# ----------------------------------------------------------------------------------------------
# given (RecBole atomic files)
# ----------------------------------------------------------------------------------------------
def read_inter(path):
    """Returns list of (user, history list, target) in file order."""
    rows = []
    with open(path, "r", encoding="utf-8") as f:
        header = f.readline().rstrip("\r\n").split("\t")
        names = [h.split(":", 1)[0] for h in header]
        iu, ih, it = names.index("user_id"), names.index("item_id_list"), names.index("item_id")
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            hist = parts[ih].split() if ih < len(parts) else []
            rows.append((parts[iu].strip(), hist, parts[it].strip()))
    return rows


def run_given(args):
    train = read_inter(args.train)
    evals = read_inter(args.eval)

    catalogue = set()
    for rows in (train, evals):
        for _u, hist, tgt in rows:
            catalogue.update(hist)
            catalogue.add(tgt)
    if args.items:
        with open(args.items, "r", encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                parts = line.split("\t")
                if len(parts) >= 2 and parts[1].strip():
                    catalogue.add(parts[1].strip())

    shortest = OrderedDict()  # user -> history of the first row with the shortest history
    counts = Counter()
    for user, hist, tgt in train:
        if user not in shortest or len(hist) < len(shortest[user]):
            shortest[user] = hist
        counts[tgt] += 1
    for hist in shortest.values():
        for item in hist:
            counts[item] += 1
    ranker = Ranker(catalogue, counts)

    cases = []
    for user, hist, tgt in evals:
        r = do_rank(ranker, tgt, (), args.check)
        cases.append(OrderedDict([("user", user), ("target", tgt), ("rank", r),
                                  ("history_len", len(hist))]))
    finish("given", ranker, cases, args,
           OrderedDict([("train_events", sum(counts.values())), ("exclusion", False)]))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="protocol", required=True)

    def common(sp):
        sp.add_argument("--out", required=True)
        sp.add_argument("--no-cases", action="store_true")
        sp.add_argument("--check", action="store_true", help="verify every rank by brute force")

    a = sub.add_parser("loo")
    a.add_argument("--movielens", required=True)
    a.add_argument("--split", choices=("valid", "test"), required=True)
    common(a)
    b = sub.add_parser("getnext")
    b.add_argument("--checkins", required=True)
    b.add_argument("--eval", required=True)
    common(b)
    c = sub.add_parser("given")
    c.add_argument("--train", required=True)
    c.add_argument("--eval", required=True)
    c.add_argument("--items")
    common(c)

    args = p.parse_args(argv)
    {"loo": run_loo, "getnext": run_getnext, "given": run_given}[args.protocol](args)


if __name__ == "__main__":
    main()
