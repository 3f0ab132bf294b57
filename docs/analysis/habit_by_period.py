#!/usr/bin/env python3
"""How often the habit share alone ranks a trajectory's last check-in first, by period.

For every trajectory of at least three check-ins (a user's check-ins split where more than a day
passes, the check-in table's `traj24h_id`), the last check-in is asked: the user's places are ranked
by the sum of exp(-dh^2 / 2) over the user's earlier check-ins (at most the last 1,000; dh the
distance in hours on the 24-hour circle between a check-in's local hour and the target's), ties by
place id. Printed per period of the GETNext split and per month: the cases, the share ranked first,
the share whose place the user had been to, and the share ranked first among those.

Usage: habit_by_period.py CHECKINS.tsv.gz   (the Foursquare NYC check-in table of ../shared/data)
"""
import collections
import csv
import datetime as dt
import gzip
import math
import sys

PERIODS = [  # (end, exclusive, in UTC seconds; name)
    (1345400820, "1 train, before 2012-08-19 18:27"),
    (1352498087, "2 train, last 12 % (the pseudo-validation's period)"),
    (1356096559, "3 validation period (to 2012-12-21 13:29)"),
    (float("inf"), "4 test period"),
]


def main(path):
    by_user = collections.defaultdict(list)
    with gzip.open(path, "rt") as f:
        rows = csv.reader(f, delimiter="\t")
        header = next(rows)
        col = {name: k for k, name in enumerate(header)}
        for x in rows:
            t = dt.datetime.strptime(x[col["utc_time"]], "%Y-%m-%dT%H:%M:%SZ")
            t = int(t.replace(tzinfo=dt.timezone.utc).timestamp())
            by_user[x[0]].append(
                (t, int(x[col["tz_offset_min"]]), x[col["venue_idx"]], x[col["traj24h_id"]])
            )
    stats = collections.defaultdict(lambda: [0, 0, 0])
    for events in by_user.values():
        events.sort()
        for k in range(2, len(events)):
            t, tz, venue, traj = events[k]
            if k + 1 < len(events) and events[k + 1][3] == traj:
                continue  # not the trajectory's last check-in
            if events[k - 1][3] != traj or events[k - 2][3] != traj:
                continue  # a trajectory of fewer than three
            hour = ((t + 60 * tz) % 86400) / 3600
            mass = collections.Counter()
            for t2, tz2, v2, _ in events[max(0, k - 1000) : k]:
                d = abs(((t2 + 60 * tz2) % 86400) / 3600 - hour)
                d = min(d, 24 - d)
                mass[v2] += math.exp(-0.5 * d * d)
            top = max(mass.items(), key=lambda kv: (kv[1], kv[0]))[0]
            period = next(name for end, name in PERIODS if t < end)
            month = dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m")
            for key in (period, month):
                s = stats[key]
                s[0] += 1
                s[1] += top == venue
                s[2] += venue in mass
    for key in sorted(stats):
        n, first, seen = stats[key]
        print(
            f"{key:55s} {n:6d}  first {first / n:.3f}  seen {seen / n:.3f}"
            f"  first among seen {first / max(1, seen):.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
