"""Per message of a phase, between two samples of key=value counters (bench/cpu-split.sh, bench/pg-counters.sh).

Usage: python3 bench/per-message.py START_FILE END_FILE MESSAGES [counts]
CPU seconds (the default): one line "<group> <ms>, ...; all <ms>". With "counts": "<counter> <per message>, ...".
"""
import sys


def sample(path):
    return {k: float(v) for k, v in (kv.split("=") for kv in open(path).read().split())}


start, end, n = sample(sys.argv[1]), sample(sys.argv[2]), int(sys.argv[3])
used = {k: end[k] - start[k] for k in start}
if sys.argv[4:] == ["counts"]:
    print(", ".join(f"{k} {v / n:.2f}" if v / n < 100 else f"{k} {v / n:.0f}" for k, v in used.items()))
else:
    print(", ".join(f"{k} {1000 * v / n:.2f}" for k, v in used.items()) + f"; all {1000 * sum(used.values()) / n:.2f}")
