#!/usr/bin/env bash
# CPU milliseconds the kernel's DAMON threads (kdamond.N) have used so far; 0 where the kernel runs none.
total=0
for pid in $(pgrep -x 'kdamond\..*' 2>/dev/null); do
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  total=$((total + ticks * 1000 / $(getconf CLK_TCK)))
done
echo "$total"
