#!/usr/bin/env bash
# Send throughput, side by side in one run on this machine:
#   1. Postfix's smtp-source pushing plain 1 KB messages into Postfix's smtp-sink (the ceiling of the SMTP path);
#   2. email-channel end to end: HTTP accept -> PostgreSQL -> dispatcher -> MIME + DKIM (RSA-2048) -> the same sink;
#   3. accept latency at a steady 200 requests/s.
# Needs: postfix (smtp-sink, smtp-source), a built jar (mvn -DskipTests package). Writes bench/results/.
# Usage: bench/run.sh [messages]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
OUT=${OUT:-bench/results}; mkdir -p "$OUT"
# free loopback ports, so another service running on this machine cannot answer in ours' place
read -r SINK_PORT HTTP_PORT DNS_PORT KAFKA_PORT SMTP_EMBEDDED IMAP_EMBEDDED < <(python3 -c "
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")
DATA=$(mktemp -d); chmod 755 "$DATA"
cleanup() { kill "$SINK" "$SERVICE" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1024 & SINK=$!
sleep 1

echo "== smtp-source -> smtp-sink: $N messages, 20 sessions"
start=$(date +%s.%N)
smtp-source -s 20 -m "$N" -l 1024 -f bench@example.com -t sink@example.org 127.0.0.1:$SINK_PORT
end=$(date +%s.%N)
SOURCE_RATE=$(python3 -c "print(round($N/($end-$start)))")
echo "smtp-source rate=${SOURCE_RATE}/s"

echo "== email-channel end to end"
SMTP_HOST=127.0.0.1 SMTP_PORT=$SINK_PORT DATA_DIR="$DATA" KAFKA_EMBEDDED_PORT=$KAFKA_PORT \
  SMTP_EMBEDDED_PORT=$SMTP_EMBEDDED IMAP_EMBEDDED_PORT=$IMAP_EMBEDDED HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 \
  PLATFORM_ADMIN_TOKEN=bench-admin-token-0123456789 DNS_SANDBOX_PORT=$DNS_PORT DNS_SERVERS=127.0.0.1:$DNS_PORT \
  API_RATE_PER_KEY=100000 API_BURST_PER_KEY=100000 DISPATCH_RATE_PER_SETUP=100000 DISPATCH_BURST_PER_SETUP=100000 DISPATCH_BATCH_SIZE=${BATCH:-500} \
  DISPATCH_CONCURRENCY=${CONCURRENCY:-4} DISPATCH_POLL_MS=${POLL:-20} DISPATCH_INITIAL_DELAY_MS=${INITIAL:-1000} DB_POOL_SIZE=${POOL:-16} \
  java ${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$OUT/send.jfr,settings=profile \
  -jar "${JAR:-target/email-channel.jar}" > "$OUT/service.log" 2>&1 & SERVICE=$!
for _ in $(seq 240); do curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null && break; sleep 0.5; done
curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null || { echo "service not ready, see $OUT/service.log" >&2; exit 1; }

java -cp target/email-channel.jar bench/SendBench.java http://127.0.0.1:$HTTP_PORT bench-admin-token-0123456789 \
  $DNS_PORT burst "$N" 64 | tee "$OUT/burst.txt"
java -cp target/email-channel.jar bench/SendBench.java http://127.0.0.1:$HTTP_PORT bench-admin-token-0123456789 \
  $DNS_PORT paced 200 20 | tee "$OUT/paced.txt"
END_TO_END=$(sed -n 's/.*end_to_end_rate=\([0-9]*\).*/\1/p' "$OUT/burst.txt")
echo "ratio email-channel/smtp-source = $(python3 -c "print(round($END_TO_END/$SOURCE_RATE, 3))")" | tee "$OUT/ratio.txt"
echo "smtp-source rate=${SOURCE_RATE}/s" >> "$OUT/ratio.txt"
kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
echo "== where the time goes (JFR execution samples, top frames)"
jfr print --events jdk.ExecutionSample "$OUT/send.jfr" | grep -A1 "stackTrace = \[" | grep -v "stackTrace\|--" \
  | sed 's/line:.*//' | sort | uniq -c | sort -rn | head -25 | tee "$OUT/profile.txt"
