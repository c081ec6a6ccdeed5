#!/usr/bin/env python3
"""The machine's own hiccups, beside a measurement (after jHiccup): sleeps 1 ms in a loop until SIGTERM or SIGINT,
then writes to FILE how late each wake-up was. A process that does nothing but wake up sees only what the kernel
and the other processes do to it, so a stall it shares with the service is the machine's, not the service's.
Every 5 ms it also reads the CPU time of the kernel's DAMON threads (kdamond.N, where the kernel runs them) and
records when it grew, and the total they used while it ran: DAMON samples page access bits of the whole machine's
memory on its own schedule.
Usage: bench/hiccup.py FILE"""
import os
import signal
import sys
import time

out = sys.argv[1]
late = []      # ms each wake-up came after its 1 ms
stalls = []    # (ms since start, ms late) for wake-ups more than 8 ms late
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


def kdamond_stats():
    paths = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().startswith("kdamond."):
                    paths.append(f"/proc/{pid}/stat")
        except OSError:
            pass
    return paths


def ticks(paths):
    total = 0
    for path in paths:
        with open(path) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total


damon = kdamond_stats()
tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
damon_busy = []  # (ms since start, ms of CPU the DAMON threads used since the previous read)
damon_ticks = first_ticks = ticks(damon)
start = last = time.monotonic()
start_epoch_ms = round(time.time() * 1000)
wakeups = 0
while running:
    time.sleep(0.001)
    now = time.monotonic()
    wakeups += 1
    if damon and wakeups % 5 == 0:
        current = ticks(damon)
        if current > damon_ticks:
            damon_busy.append((round((now - start) * 1000), round((current - damon_ticks) * tick_ms)))
        damon_ticks = current
    delay = (now - last) * 1000 - 1
    late.append(delay)
    if delay > 8:
        stalls.append((round((now - start) * 1000), round(delay, 1)))
    last = now
late.sort()
damon_cpu_ms = round((ticks(damon) - first_ticks) * tick_ms)


def pct(p):
    return late[min(len(late) - 1, int(p * len(late)))] if late else 0


with open(out, "w") as f:
    f.write(f"hiccups seconds={time.monotonic() - start:.1f} wakeups={len(late)} late_p99_ms={pct(0.99):.1f} "
            f"late_p999_ms={pct(0.999):.1f} late_max_ms={late[-1] if late else 0:.1f} over_8ms={len(stalls)} "
            f"ms_lost_over_8ms={sum(d for _, d in stalls):.0f} kdamond_cpu_ms={damon_cpu_ms} "
            f"start_epoch_ms={start_epoch_ms}\n")
    f.write("at_ms,late_ms\n" + "".join(f"{t},{d}\n" for t, d in stalls))
    f.write("kdamond_at_ms,kdamond_cpu_ms\n" + "".join(f"k{t},{d}\n" for t, d in damon_busy))
