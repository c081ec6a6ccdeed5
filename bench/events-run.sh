#!/usr/bin/env bash
# Issue 5 in one run on this machine:
#   1. bounce classification throughput, side by side, one thread each: our DeliveryReportParser
#      (bench/BounceBench.java) and Debian's sisimai (src/test/resources/peers/sisimai_classify.pl) over every .eml
#      of ../shared/corpora/bounces; messages/s each and the ratio ours/sisimai;
#   2. event publish latency: the service from the jar (embedded PostgreSQL and Kafka, fresh data dir), rows
#      inserted into event_outbox at a paced RATE/s, each its own transaction, read back from Kafka
#      (bench/EventsBench.java): p50/p95/p99/max from the commit to the record being readable, received vs inserted.
# Needs: libsisimai-perl, a built jar (mvn -DskipTests package). Writes bench/results/<timestamp>/.
# Usage: bench/events-run.sh   Knobs (env): BOUNCE_SECONDS=5 BOUNCE_ROUNDS=3 RATE=1000 DURATION=30 WARMUP=5 THREADS=4 PROFILE=0;
#        events.* / kafka.* properties of the service pass through as env vars (EVENTS_POLL_MS=20, EVENTS_BATCH_SIZE);
#        BOUNCE_ROUNDS=0 runs the events part only.
set -euo pipefail
cd "$(dirname "$0")/.."
BOUNCE_SECONDS=${BOUNCE_SECONDS:-5}; BOUNCE_ROUNDS=${BOUNCE_ROUNDS:-3}; RATE=${RATE:-1000}; DURATION=${DURATION:-30}; WARMUP=${WARMUP:-5}
THREADS=${THREADS:-4}
CORPUS=../shared/corpora/bounces
OUT=bench/results/$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
[ -f target/email-channel.jar ] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 1; }
SERVICE=; VMSTAT=
cleanup() {
  [ -n "$VMSTAT" ] && kill "$VMSTAT" 2>/dev/null || true
  if [ -n "$SERVICE" ] && kill -0 "$SERVICE" 2>/dev/null; then
    kill "$SERVICE" 2>/dev/null || true   # TERM: Camel closes the embedded PostgreSQL and Kafka
    for _ in $(seq 60); do kill -0 "$SERVICE" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVICE" 2>/dev/null || true
  fi
  # the embedded PostgreSQL runs as its own process: make sure it ended with the service
  PM="$OUT/data/postgres/postmaster.pid"
  if [ -f "$PM" ]; then PGPID=$(head -1 "$PM"); kill -0 "$PGPID" 2>/dev/null && kill "$PGPID" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT

{ echo "date: $(date -Is)"; echo "host: $(uname -srm), $(nproc) cores, $(free -m | awk '/Mem:/{print $2}') MB RAM"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"; echo "perl: $(perl -e 'print $^V') Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION')"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"; } > "$OUT/machine.txt"
cat "$OUT/machine.txt"

echo "== 1. bounce classification, one thread each side, $BOUNCE_ROUNDS alternating rounds: ours ($BOUNCE_SECONDS s after as long a warm-up) vs sisimai (~$BOUNCE_SECONDS s)"
OURS=-; SISIMAI=-; RATIO=-
if [ "$BOUNCE_ROUNDS" -gt 0 ]; then
  FILES=("$CORPUS"/*.eml)
  PL=src/test/resources/peers/sisimai_classify.pl
  # sisimai loads its MTA modules lazily in the first round: time 1 round and 3 rounds to size the run, then R rounds
  # (about BOUNCE_SECONDS); its steady rate leaves the first round out, as the Java side leaves its warm-up out.
  T1=$(perl "$PL" -n 1 "${FILES[@]}"); T3=$(perl "$PL" -n 3 "${FILES[@]}")
  R=$(python3 -c "import math; print(max(4, math.ceil($BOUNCE_SECONDS / max(1e-3, ($T3 - $T1) / 2))))")
  : > "$OUT/bounce-rounds.txt"
  for i in $(seq "$BOUNCE_ROUNDS"); do
    top -b -n1 | head -12 > "$OUT/top-bounce-$i.txt"
    java -cp target/email-channel.jar bench/BounceBench.java "$CORPUS" "$BOUNCE_SECONDS" | tee "$OUT/bounce-ours-$i.txt"
    TR=$(perl "$PL" -n "$R" "${FILES[@]}")
    python3 -c "
n, t1, r, tr = ${#FILES[@]}, $T1, $R, $TR
print('sisimai (1 Perl process, 1 thread): %d rounds x %d messages in %.2f s: %.0f messages/s overall, %.0f messages/s'
      ' without the first round (first round %.3f s)' % (r, n, tr, r * n / tr, (r - 1) * n / (tr - t1), t1))" \
      | tee "$OUT/bounce-sisimai-$i.txt"
    echo "ours=$(sed -n 's/^rate=//p' "$OUT/bounce-ours-$i.txt") sisimai=$(python3 -c "print(round(($R - 1) * ${#FILES[@]} / ($TR - $T1)))") load=$(cut -d' ' -f1 /proc/loadavg)" \
      >> "$OUT/bounce-rounds.txt"
  done
  python3 - "$OUT/bounce-rounds.txt" <<'PY' | tee "$OUT/bounce.txt"
import sys, statistics
rows = [dict(f.split("=") for f in line.split()) for line in open(sys.argv[1])]
ours = [float(r["ours"]) for r in rows]; sis = [float(r["sisimai"]) for r in rows]
for i, r in enumerate(rows, 1):
    print("round %d: ours %s messages/s, sisimai %s messages/s, ratio %.2f, load %s" % (
        i, r["ours"], r["sisimai"], float(r["ours"]) / float(r["sisimai"]), r["load"]))
mo, ms = statistics.median(ours), statistics.median(sis)
print("median: ours %.0f messages/s, sisimai %.0f messages/s, ratio ours/sisimai = %.2f (target >= 10)" % (mo, ms, mo / ms))
print("rate_ours=%.0f rate_sisimai=%.0f ratio=%.2f" % (mo, ms, mo / ms))
PY
  OURS=$(sed -n 's/^rate_ours=\([0-9]*\) .*/\1/p' "$OUT/bounce.txt")
  SISIMAI=$(sed -n 's/.*rate_sisimai=\([0-9]*\) .*/\1/p' "$OUT/bounce.txt")
  RATIO=$(sed -n 's/.*ratio=//p' "$OUT/bounce.txt")
fi

echo "== 2. event publish latency at $RATE events/s for $DURATION s (after $WARMUP s warm-up)"
read -r HTTP_PORT PG_PORT KAFKA_PORT SMTP_PORT IMAP_PORT < <(python3 -c "
import socket; ss=[socket.socket() for _ in range(5)]
[s.bind(('127.0.0.1', 0)) for s in ss]; print(*[s.getsockname()[1] for s in ss]); [s.close() for s in ss]")
JFR=; [ "${PROFILE:-0}" = 1 ] && JFR="-XX:StartFlightRecording=filename=$OUT/events.jfr,settings=profile"
env | grep -E '^(EVENTS|KAFKA)_' | sort > "$OUT/service-env.txt" || true
DATA_DIR="$OUT/data" HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 PLATFORM_ADMIN_TOKEN=bench-admin-token-0123456789 \
  DB_EMBEDDED_PORT=$PG_PORT KAFKA_EMBEDDED_PORT=$KAFKA_PORT SMTP_EMBEDDED_PORT=$SMTP_PORT IMAP_EMBEDDED_PORT=$IMAP_PORT \
  java ${JAVA_OPTS:-} $JFR -jar target/email-channel.jar > "$OUT/service.log" 2>&1 & SERVICE=$!
for _ in $(seq 240); do
  curl -sf "127.0.0.1:$HTTP_PORT/health/ready" >/dev/null && grep -q "Embedded Kafka broker" "$OUT/service.log" && break
  kill -0 "$SERVICE" 2>/dev/null || { echo "service died, see $OUT/service.log" >&2; tail -20 "$OUT/service.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "127.0.0.1:$HTTP_PORT/health/ready" >/dev/null || { echo "service not ready after 120 s" >&2; exit 1; }
echo "service up: HTTP $HTTP_PORT, PostgreSQL $PG_PORT, Kafka $KAFKA_PORT; events.* overrides: $(tr '\n' ' ' < "$OUT/service-env.txt")"
top -b -n1 | head -12 > "$OUT/top-events-before.txt"
vmstat 1 > "$OUT/vmstat.txt" & VMSTAT=$!
set +e
java -cp target/email-channel.jar bench/EventsBench.java "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" postgres \
  "127.0.0.1:$KAFKA_PORT" "${KAFKA_TOPIC:-email.events}" "$RATE" "$DURATION" "$WARMUP" "$THREADS" "$OUT" \
  2> "$OUT/events-bench.err" | tee "$OUT/events.txt"
EVENTS_RC=${PIPESTATUS[0]}
set -e
kill "$VMSTAT" 2>/dev/null || true; VMSTAT=
IDLE=$(awk 'NR>2 {s+=$15; n++} END {if (n) printf "%.0f", s/n; else print "?"}' "$OUT/vmstat.txt")
if [ "${PROFILE:-0}" = 1 ]; then
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
  jfr print --events jdk.ExecutionSample "$OUT/events.jfr" | grep -A1 "stackTrace = \[" | grep -v "stackTrace\|--" \
    | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -25 > "$OUT/profile.txt"
fi

RESULT=$(grep '^result:' "$OUT/events.txt" || echo "result: (EventsBench failed, see $OUT/events-bench.err)")
{ echo "== summary ($OUT)"
  echo "bounces (median of $BOUNCE_ROUNDS): ours ${OURS} messages/s, sisimai ${SISIMAI} messages/s, ratio ours/sisimai ${RATIO} (target >= 10; 1 thread each)"
  echo "events at ${RATE}/s for ${DURATION} s (latency ms, commit -> readable on Kafka; target p99 < 500): ${RESULT#result: }"
  echo "mean CPU idle during the events run: ${IDLE}% (vmstat); events.* overrides: $(tr '\n' ' ' < "$OUT/service-env.txt")"
} | tee "$OUT/summary.txt"
exit "$EVENTS_RC"
