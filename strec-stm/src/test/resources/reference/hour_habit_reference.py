#!/usr/bin/env python3
"""Reference values of HourHabitTest, computed independently of the Java code.

The history (RepeatFeaturesTest.HISTORY): items 1, 2, 3, 1, 2 at local hours 8, 12, 18, 8, 12.5;
the query at 11:00 local time. An event weighs exp(-dh^2 / 2) (the point kernel) or
sum_g p_g exp(-dh_g^2 / 2) (the gap kernel, p_0 = 0.5, p_1 = 0.25, p_23 = 0.25, dh_g the distance
on the 24-hour circle from the query's hour plus g + 1/2); an item's share is its events' weight
over all of theirs.
"""
import math

HOURS = [8, 12, 18, 8, 12.5]
ITEMS = [1, 2, 3, 1, 2]
QUERY = 11.0
GAPS = {0: 0.5, 1: 0.25, 23: 0.25}


def circle(x):
    x = abs(x) % 24
    return min(x, 24 - x)


def point(offset):
    return math.exp(-0.5 * circle(offset) ** 2)


def gaps(offset):
    return sum(p * math.exp(-0.5 * circle(offset - (g + 0.5)) ** 2) for g, p in GAPS.items())


for name, kernel in (("point", point), ("gaps", gaps)):
    weights = [kernel(h - QUERY) for h in HOURS]
    total = sum(weights)
    shares = {}
    for item, w in zip(ITEMS, weights):
        shares[item] = shares.get(item, 0) + w / total
    print(name, {item: "%.7e" % s for item, s in sorted(shares.items())})
