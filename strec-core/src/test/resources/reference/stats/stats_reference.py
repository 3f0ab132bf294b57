#!/usr/bin/env python3
"""Reference values for io.strec.eval.stats, computed independently with scipy.

Run from this folder:  python3 stats_reference.py
It writes stats_reference.json beside itself. The Java test
(io.strec.eval.stats.StatsReferenceTest) reads that file from the classpath and compares its own
results to these within a relative tolerance of 1e-8.

Contents:
  ttest_rel:   paired t-tests, scipy.stats.ttest_rel(a, b) (two-sided); mean_diff = mean(a - b).
  t_cdf:       Student's t CDF, scipy.stats.t.cdf(t, df).
  betainc:     regularized incomplete beta I_x(a, b), scipy.special.betainc(a, b, x).
  gammaln:     log |Gamma(x)|, scipy.special.gammaln(x).
  summary:     mean and sample standard deviation (ddof=1) of fixed arrays, numpy.
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats


def ttest_cases():
    rng = np.random.default_rng(20240611)
    cases = [
        ("small", [0.30, 0.25, 0.41, 0.12, 0.33], [0.28, 0.20, 0.35, 0.15, 0.30]),
        ("two_cases", [1.0, 2.0], [0.5, 1.0]),
        ("negative_effect", [0.1, 0.2, 0.15, 0.05, 0.12, 0.18], [0.2, 0.25, 0.2, 0.1, 0.2, 0.22]),
        ("near_null", [0.5, 0.6, 0.4, 0.55, 0.45, 0.52, 0.48],
                      [0.51, 0.58, 0.41, 0.56, 0.44, 0.50, 0.49]),
    ]
    base = rng.uniform(0.0, 1.0, 40)
    cases.append(("n40_small_effect", base + rng.normal(0.02, 0.1, 40), base))
    base = rng.uniform(0.0, 1.0, 500)
    cases.append(("n500_large_effect", base + rng.normal(0.05, 0.05, 500), base))
    base = rng.uniform(0.0, 1.0, 3000)
    cases.append(("n3000_tiny_effect", base + rng.normal(0.001, 0.1, 3000), base))
    out = []
    for name, a, b in cases:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        res = stats.ttest_rel(a, b)
        out.append({
            "name": name,
            "a": a.tolist(),
            "b": b.tolist(),
            "mean_diff": float(np.mean(a - b)),
            "t": float(res.statistic),
            "p": float(res.pvalue),
        })
    return out


def t_cdf_cases():
    out = []
    for df in [1.0, 2.0, 3.0, 5.0, 10.5, 30.0, 100.0, 1000.0, 1.0e5]:
        for t in [-40.0, -6.0, -2.5, -1.0, -0.1, 0.0, 0.3, 1.7, 4.0, 12.0]:
            out.append({"t": t, "df": df, "cdf": float(stats.t.cdf(t, df))})
    return out


def betainc_cases():
    out = []
    for a, b in [(0.5, 0.5), (1.0, 1.0), (2.0, 3.0), (0.5, 10.0), (15.0, 0.5), (50.0, 70.0),
                 (500.0, 0.5)]:
        for x in [1e-6, 0.01, 0.2, 0.5, 0.77, 0.99, 0.999999]:
            out.append({"a": a, "b": b, "x": x, "value": float(special.betainc(a, b, x))})
    return out


def gammaln_cases():
    xs = [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 10.0, 55.5, 171.3, 1.0e4, 1.0e7]
    return [{"x": x, "value": float(special.gammaln(x))} for x in xs]


def summary_cases():
    arrays = [[0.2435], [1.0, 2.0, 3.0, 4.0], [0.25, 0.2401, 0.2452, 0.2437, 0.2440]]
    return [{"values": v, "mean": float(np.mean(v)),
             "std": float(np.std(v, ddof=1)) if len(v) > 1 else 0.0} for v in arrays]


def main():
    doc = {
        "generator": "stats_reference.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "ttest_rel": ttest_cases(),
        "t_cdf": t_cdf_cases(),
        "betainc": betainc_cases(),
        "gammaln": gammaln_cases(),
        "summary": summary_cases(),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "stats_reference.json"), "w", encoding="utf-8") as f:
        # One entry per line keeps the file small and its diffs readable.
        f.write("{\n")
        keys = list(doc)
        for k, key in enumerate(keys):
            value = doc[key]
            if isinstance(value, list):
                f.write(json.dumps(key) + ": [\n")
                f.write(",\n".join(" " + json.dumps(entry) for entry in value))
                f.write("\n]")
            else:
                f.write(json.dumps(key) + ": " + json.dumps(value))
            f.write(",\n" if k + 1 < len(keys) else "\n")
        f.write("}\n")


if __name__ == "__main__":
    main()
