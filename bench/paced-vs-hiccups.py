#!/usr/bin/env python3
"""Whether the paced requests over LIMIT ms (default 25) were the machine's stalls, from bench/hiccup.py's record of
the same seconds:
- how many were in flight while the probe, a process that only wakes up every millisecond, was itself held up
  more than 8 ms;
- how many were due within 100 ms of the kernel's DAMON thread using CPU, beside the same share of all requests:
  DAMON runs on its own clock (every ~545 ms here), so stalls it causes gather near its runs, and stalls of the
  service's own would not.
Usage: bench/paced-vs-hiccups.py paced.csv hiccup.txt [limit_ms]"""
import bisect
import csv
import sys

limit = float(sys.argv[3]) if len(sys.argv) > 3 else 25
with open(sys.argv[2]) as f:
    header = dict(kv.split("=") for kv in f.readline().split()[1:] if "=" in kv)
    lines = f.read().splitlines()
start = int(header["start_epoch_ms"])
stalls = [(start + int(at) - float(late), start + int(at))  # (held up from, woke at)
          for at, late in (line.split(",") for line in lines if line[:1].isdigit())]
damon = sorted(start + int(line[1:].split(",")[0]) for line in lines if line[:1] == "k" and line[1:2].isdigit())
requests = [(int(r["epoch_ms"]), float(r["latency_ms"])) for r in csv.DictReader(open(sys.argv[1]))]
slow = [(due, latency) for due, latency in requests if latency > limit]
held = sum(1 for due, latency in slow if any(a < due + latency and b > due for a, b in stalls))


def near_damon(due):
    i = bisect.bisect_left(damon, due)
    return any(abs(damon[j] - due) <= 100 for j in (i - 1, i) if 0 <= j < len(damon))


def share(items):
    return 100 * sum(1 for due, _ in items if near_damon(due)) / len(items) if items else 0


print(f"paced requests over {limit:g} ms: {len(slow)}; in flight while the probe was held up over 8 ms: {held}; "
      f"due within 100 ms of kdamond using CPU: {share(slow):.0f}% of them, {share(requests):.0f}% of all requests")
