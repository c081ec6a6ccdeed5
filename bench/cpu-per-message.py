"""CPU per message of each process group between two bench/cpu-split.sh samples.

Usage: python3 bench/cpu-per-message.py START_FILE END_FILE MESSAGES
Prints one line: "<group> <ms>, ...; all <ms>".
"""
import sys


def sample(path):
    return {k: float(v) for k, v in (kv.split("=") for kv in open(path).read().split())}


start, end, n = sample(sys.argv[1]), sample(sys.argv[2]), int(sys.argv[3])
used = {k: end[k] - start[k] for k in start}
print(", ".join(f"{k} {1000 * v / n:.2f}" for k, v in used.items()) + f"; all {1000 * sum(used.values()) / n:.2f}")
