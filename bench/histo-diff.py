#!/usr/bin/env python3
"""Which classes grew between two histograms of live objects (jcmd PID GC.class_histogram, or jmap -histo:live).

Usage: bench/histo-diff.py WARMUP END [SERIES_DIR] [--top N]
Prints the total change, then the N classes (default 25) whose bytes grew most, with their instance change and
size per new instance, and the N that shrank most. With SERIES_DIR (the histo-t*.txt files LoadBench keeps), it
also prints, for the classes that grew most, their bytes at every sample, so a cache filling to a cap shows as a
curve that flattens and an unbounded one as a line that keeps rising.
"""
import re
import sys
from pathlib import Path

ROW = re.compile(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)")


def read(path):
    """class name -> [instances, bytes]; a name loaded by several class loaders is summed."""
    classes = {}
    for line in Path(path).read_text().splitlines():
        m = ROW.match(line)
        if m:
            entry = classes.setdefault(m.group(3), [0, 0])
            entry[0] += int(m.group(1))
            entry[1] += int(m.group(2))
    return classes


def main(argv):
    top = 25
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        del argv[i:i + 2]
    warm, end = read(argv[0]), read(argv[1])
    series_dir = argv[2] if len(argv) > 2 else None
    names = set(warm) | set(end)
    delta = {n: (end.get(n, [0, 0])[0] - warm.get(n, [0, 0])[0], end.get(n, [0, 0])[1] - warm.get(n, [0, 0])[1])
             for n in names}
    total_warm = sum(v[1] for v in warm.values())
    total_end = sum(v[1] for v in end.values())
    print(f"live heap {total_warm:,} -> {total_end:,} bytes ({total_end - total_warm:+,});"
          f" instances {sum(v[0] for v in warm.values()):,} -> {sum(v[0] for v in end.values()):,}")
    header = f"{'bytes delta':>13} {'inst delta':>11} {'B/inst':>7} {'bytes at end':>13}  class"

    def row(n):
        d_inst, d_bytes = delta[n]
        per = f"{d_bytes / d_inst:.0f}" if d_inst else "-"
        print(f"{d_bytes:>+13,} {d_inst:>+11,} {per:>7} {end.get(n, [0, 0])[1]:>13,}  {n}")

    grown = sorted(names, key=lambda n: -delta[n][1])
    print(f"\ngrew most (top {top}):\n{header}")
    for n in grown[:top]:
        if delta[n][1] > 0:
            row(n)
    print(f"\nshrank most (top {top}):\n{header}")
    for n in sorted(names, key=lambda n: delta[n][1])[:top]:
        if delta[n][1] < 0:
            row(n)
    if series_dir:
        files = sorted(Path(series_dir).glob("histo-t*.txt"))
        samples = [(int(re.search(r"t(\d+)", f.name).group(1)), read(f)) for f in files]
        shown = [n for n in grown[:min(top, 12)] if delta[n][1] > 0]
        print("\nbytes of the classes that grew most, at every sample (t in s):")
        print(f"{'t':>5} " + " ".join(f"{'#' + str(i + 1):>11}" for i in range(len(shown))))
        for t, h in samples:
            print(f"{t:>5} " + " ".join(f"{h.get(n, [0, 0])[1]:>11,}" for n in shown))
        for i, n in enumerate(shown):
            print(f"  #{i + 1} {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
