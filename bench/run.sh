#!/usr/bin/env bash
# Send throughput, side by side in one run on this machine:
#   1. Postfix's smtp-source pushing plain 1 KB messages into Postfix's smtp-sink (the ceiling of the SMTP path),
#      three times: the ratios are to the median;
#   2. email-channel end to end: HTTP accept -> PostgreSQL -> dispatcher -> MIME + DKIM (RSA-2048) -> the same sink,
#      after warm-up bursts of WARMUP messages (default 6000) until one ends with the service's JIT compiling
#      fewer than JIT_QUIET (150) methods in it (jstat; at most WARMUP_ROUNDS, 8): a sustained rate, as
#      smtp-source's is, not a cold start, with the CPU seconds each process spent on the measured burst
#      (bench/cpu-split.sh: service, postgres, client, sink) and an async-profiler CPU profile of the service
#      over the same burst (PROFILE=0 skips it; the profiler comes from Maven Central);
#   3. the same end to end through POST /v1/email/messages/batch (BATCH_SIZE messages per request, default 100,
#      4 requests in flight), after its own warm-up rounds of BATCH_WARMUP messages (default 12000: the batch path
#      is new code for the JIT), until the JIT is as quiet, with its CPU split and profile;
#   4. accept latency at a steady 200 requests/s for 20 s, after PACED_WARMUP s (default 20) at that rate.
# Needs: postfix (smtp-sink, smtp-source), a built jar (mvn -DskipTests package). Writes bench/results/.
# Usage: [WARMUP=n] [BATCH_WARMUP=n] [WARMUP_ROUNDS=n] [JIT_QUIET=n] [JIT_DRAIN_S=s] [BATCH_SIZE=n] [PACED_WARMUP=s] [PROFILE=0] bench/run.sh [messages]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
OUT=${OUT:-bench/results}; mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WARMUP=${WARMUP:-6000}
PROFILER=
[ "${PROFILE:-1}" = 1 ] && PROFILER=$(bench/async-profiler.sh fetch "$OUT")
# free loopback ports, so another service running on this machine cannot answer in ours' place
read -r SINK_PORT HTTP_PORT DNS_PORT KAFKA_PORT SMTP_EMBEDDED IMAP_EMBEDDED PG_PORT < <(python3 -c "
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")
DATA=$(mktemp -d); chmod 755 "$DATA"
cleanup() { kill "$SINK" "$SERVICE" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1024 & SINK=$!
sleep 1

# three runs, their median the ratios' base: one run on this shared machine gave anything from 3,017 to 9,539/s
echo "== smtp-source -> smtp-sink: $N messages, 20 sessions, 3 runs"
SOURCE_RATES=()
for _ in 1 2 3; do
  start=$(date +%s.%N)
  smtp-source -s 20 -m "$N" -l 1024 -f bench@example.com -t sink@example.org 127.0.0.1:$SINK_PORT
  end=$(date +%s.%N)
  SOURCE_RATES+=("$(python3 -c "print(round($N/($end-$start)))")")
done
SOURCE_RATE=$(printf '%s\n' "${SOURCE_RATES[@]}" | sort -n | sed -n 2p)
echo "smtp-source rates=${SOURCE_RATES[*]} median=${SOURCE_RATE}/s"

echo "== email-channel end to end"
SMTP_HOST=127.0.0.1 SMTP_PORT=$SINK_PORT DATA_DIR="$DATA" KAFKA_EMBEDDED_PORT=$KAFKA_PORT \
  SMTP_EMBEDDED_PORT=$SMTP_EMBEDDED IMAP_EMBEDDED_PORT=$IMAP_EMBEDDED DB_EMBEDDED_PORT=$PG_PORT HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 \
  PLATFORM_ADMIN_TOKEN=bench-admin-token-0123456789 DNS_SANDBOX_PORT=$DNS_PORT DNS_SERVERS=127.0.0.1:$DNS_PORT \
  API_RATE_PER_KEY=100000 API_BURST_PER_KEY=100000 DISPATCH_RATE_PER_SETUP=100000 DISPATCH_BURST_PER_SETUP=100000 DISPATCH_MAX_CLAIMED=${MAX_CLAIMED:-500} \
  DISPATCH_CONCURRENCY=${CONCURRENCY:-4} DISPATCH_POLL_MS=${POLL:-20} DISPATCH_INITIAL_DELAY_MS=${INITIAL:-1000} DB_POOL_SIZE=${POOL:-16} \
  java ${JAVA_OPTS:-} -jar "${JAR:-target/email-channel.jar}" > "$OUT/service.log" 2>&1 & SERVICE=$!
for _ in $(seq 240); do curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null && break; sleep 0.5; done
curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null || { echo "service not ready, see $OUT/service.log" >&2; exit 1; }

# around the measured burst: CPU per process, and the profiler attached to the service (after the warm-up)
HOOK=$OUT/phase-hook.sh
cat > "$HOOK" <<HOOK
#!/usr/bin/env bash
set -e
bench/cpu-split.sh > "$OUT/cpu-\$1.txt"
# the paced seconds: the machine's own hiccups beside them, with the CPU time of the kernel's DAMON thread (kdamond,
# where the kernel runs it), which stalls every process on this machine every ~550 ms (bench/hiccup.py)
case "\$1" in
  paced-start) python3 bench/hiccup.py "$OUT/hiccup.txt" & echo \$! > "$OUT/hiccup.pid"; exit 0 ;;
  paced-end)
    kill "\$(cat "$OUT/hiccup.pid")"; while kill -0 "\$(cat "$OUT/hiccup.pid")" 2>/dev/null; do sleep 0.1; done
    exit 0 ;;
esac
# the bursts: what the database did, in counts that do not depend on how busy the machine is (WAL records, full-page
# images)
bench/pg-counters.sh $PG_PORT > "$OUT/pg-\$1.txt"
if [ -n "$PROFILER" ]; then
  case "\$1" in
    *-start) bench/async-profiler.sh start "$PROFILER" $SERVICE cpu ;;
    *-end) bench/async-profiler.sh stop "$PROFILER" $SERVICE "$OUT/profile-\${1%-end}.collapsed" ;;
  esac
fi
exit 0
HOOK
chmod +x "$HOOK"
# warm-up rounds go on until a round ends with the service's JIT compiling fewer than JIT_QUIET methods (jstat)
# since the previous round's end. After each round the check first waits (at most JIT_DRAIN_S, 30 s) for the JIT's
# compile queues to empty (jcmd Compiler.queue): with both cores busy during a round the compiler threads fall
# behind, and a queue still full at the start of the measured burst spends its CPU there.
WARM=$OUT/warm-check.sh
cat > "$WARM" <<WARMCHECK
#!/usr/bin/env bash
waited=0
while [ \$waited -lt ${JIT_DRAIN_S:-30} ] && [ "\$(jcmd $SERVICE Compiler.queue | grep -c '^Empty')" != 2 ]; do
  sleep 1; waited=\$((waited + 1))
done
now=\$(jstat -compiler $SERVICE | awk 'NR==2 {print \$1}')
before=\$(cat "$OUT/compiled" 2>/dev/null || echo 0)
echo "\$now" > "$OUT/compiled"
echo "JIT: \$((now - before)) methods compiled in this warm-up round (\$now in all), queues drained after \${waited} s"
[ \$((now - before)) -lt ${JIT_QUIET:-150} ]
WARMCHECK
chmod +x "$WARM"
BENCH="java -cp ${JAR:-target/email-channel.jar} bench/SendBench.java http://127.0.0.1:$HTTP_PORT bench-admin-token-0123456789 $DNS_PORT"
WARM_CHECK=$WARM PHASE_HOOK=$HOOK $BENCH burst "$N" 64 "$WARMUP" | tee "$OUT/burst.txt"
echo "CPU ms per message over the measured burst: $(python3 bench/per-message.py "$OUT/cpu-burst-start.txt" \
  "$OUT/cpu-burst-end.txt" "$N")" | tee "$OUT/cpu.txt"
echo "PostgreSQL per message over the measured burst: $(python3 bench/per-message.py "$OUT/pg-burst-start.txt" \
  "$OUT/pg-burst-end.txt" "$N" counts)" | tee -a "$OUT/cpu.txt"
rm -f "$OUT/compiled"
WARM_CHECK=$WARM PHASE_HOOK=$HOOK $BENCH batch "$N" 4 "${BATCH_WARMUP:-12000}" "${BATCH_SIZE:-100}" | tee "$OUT/batch.txt"
echo "CPU ms per message over the measured batch burst: $(python3 bench/per-message.py \
  "$OUT/cpu-batch-start.txt" "$OUT/cpu-batch-end.txt" "$N")" | tee "$OUT/cpu-batch.txt"
echo "PostgreSQL per message over the measured batch burst: $(python3 bench/per-message.py \
  "$OUT/pg-batch-start.txt" "$OUT/pg-batch-end.txt" "$N" counts)" | tee -a "$OUT/cpu-batch.txt"
PACED_CSV=$OUT/paced.csv PHASE_HOOK=$HOOK $BENCH paced 200 20 "${PACED_WARMUP:-20}" | tee "$OUT/paced.txt"
{ head -1 "$OUT/hiccup.txt"; python3 bench/paced-vs-hiccups.py "$OUT/paced.csv" "$OUT/hiccup.txt"; } \
  | tee -a "$OUT/paced.txt"
END_TO_END=$(sed -n 's/^burst .*end_to_end_rate=\([0-9]*\).*/\1/p' "$OUT/burst.txt")
BATCH_END_TO_END=$(sed -n 's/^batch .*end_to_end_rate=\([0-9]*\).*/\1/p' "$OUT/batch.txt")
{
  echo "ratio email-channel/smtp-source = $(python3 -c "print(round($END_TO_END/$SOURCE_RATE, 3))") (single sends)"
  echo "ratio email-channel/smtp-source = $(python3 -c "print(round($BATCH_END_TO_END/$SOURCE_RATE, 3))") (batch sends)"
  echo "smtp-source rates=${SOURCE_RATES[*]} median=${SOURCE_RATE}/s"
} | tee "$OUT/ratio.txt"
kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
if [ -n "$PROFILER" ]; then
  for mode in burst batch; do
    echo "== where the service's CPU goes over the measured $mode (async-profiler, $OUT/profile-$mode.collapsed)"
    python3 bench/profile-split.py "$OUT/profile-$mode.collapsed" | tee "$OUT/profile-$mode.txt"
  done
fi
