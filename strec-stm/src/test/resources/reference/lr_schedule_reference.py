"""Reference values for LearningRateScheduleTest: the learning rate of AdamW.rate, written out
independently of the Java code (python3 lr_schedule_reference.py prints them).

Warm-up: peak * (s + 1) / warmup for s < warmup. Then a cosine from the peak to a tenth of it at
progress p = min(1, (s - warmup) / (total - warmup)).

A schedule planned again (AdamW.scheduleOver, as a fit budget does) is the same formula with the
new total from then on: the second list is TOTAL = 120.
"""
import math

PEAK, WARMUP, TOTAL = 0.004, 10, 200


def rate(s, total=TOTAL):
    if s < WARMUP:
        return PEAK * (s + 1) / WARMUP
    p = min(1.0, (s - WARMUP) / (total - WARMUP))
    floor = 0.1 * PEAK
    return floor + (PEAK - floor) * 0.5 * (1 + math.cos(math.pi * p))


if __name__ == "__main__":
    for s in (0, 4, 9, 10, 49, 70, 90, 105, 150, 199, 200, 250):
        print(s, repr(rate(s)))
    print("planned again for 120 steps")
    for s in (60, 61, 90, 119, 120, 150):
        print(s, repr(rate(s, 120)))
