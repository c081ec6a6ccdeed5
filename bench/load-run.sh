#!/usr/bin/env bash
# The mixed load run (issue 7): the service from the jar on embedded PostgreSQL and Kafka, sending through
# Postfix's smtp-sink, for MINUTES (default 10) under bench/LoadBench.java: steady sends, API reads, replies into
# the inbound mailbox and delivery reports, with errors, p99 latencies, RSS and old-generation samples reported.
# Every sample's class histogram (live objects) is kept in histo/; histo-diff.txt names the classes that grew
# between the warm-up and the last sample, with their bytes at every sample. HEAP_DUMP=1 also dumps the live heap
# at the warm-up sample (heap-warmup.hprof) and at the end (heap.hprof), for bench/HeapOwners.java.
# Needs: postfix (smtp-sink), a built jar (mvn -DskipTests package). Writes bench/results/load-<timestamp>/.
# Usage: bench/load-run.sh [minutes] [sendRate readRate inboundRate reportRate]   (default 10, 50 20 1 0.5)
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-10}; shift || true
OUT=bench/results/load-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT/classes"
read -r SINK_PORT HTTP_PORT DNS_PORT KAFKA_PORT SMTP_EMBEDDED IMAP_EMBEDDED PG_PORT < <(python3 -c "
import socket
socks = [socket.socket() for _ in range(7)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")
SINK=; SERVICE=
cleanup() { kill "$SINK" "$SERVICE" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
mkdir -p "$OUT/sink"; chmod 777 "$OUT/sink"
smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1024 & SINK=$!

javac -cp target/email-channel.jar -d "$OUT/classes" bench/SendBench.java bench/LoadBench.java
SMTP_HOST=127.0.0.1 SMTP_PORT=$SINK_PORT DATA_DIR="$OUT/data" KAFKA_EMBEDDED_PORT=$KAFKA_PORT DB_EMBEDDED_PORT=$PG_PORT \
  SMTP_EMBEDDED_PORT=$SMTP_EMBEDDED IMAP_EMBEDDED_PORT=$IMAP_EMBEDDED HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 \
  PLATFORM_ADMIN_TOKEN=bench-admin-token-0123456789 DNS_SANDBOX_PORT=$DNS_PORT DNS_SERVERS=127.0.0.1:$DNS_PORT \
  IMAP_POLL_DELAY_MS=200 java ${JAVA_OPTS:--Xmx1g} -jar target/email-channel.jar > "$OUT/service.log" 2>&1 & SERVICE=$!
for _ in $(seq 240); do curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null && break; sleep 0.5; done
curl -sf 127.0.0.1:$HTTP_PORT/health/ready >/dev/null || { echo "service not ready, see $OUT/service.log" >&2; exit 1; }

DUMP_AT_WARMUP=; [ "${HEAP_DUMP:-0}" = 1 ] && DUMP_AT_WARMUP="-Dheap.dump.dir=$OUT"
java -Dhisto.dir="$OUT/histo" $DUMP_AT_WARMUP -cp "target/email-channel.jar:$OUT/classes" LoadBench http://127.0.0.1:$HTTP_PORT bench-admin-token-0123456789 \
  $DNS_PORT $SMTP_EMBEDDED $SERVICE "$MINUTES" "$@" 2> "$OUT/errors.txt" | tee "$OUT/load.txt"
echo "service errors logged: $(grep -c ' ERROR ' "$OUT/service.log" || true) (see $OUT/service.log)" | tee -a "$OUT/load.txt"
if [ -f "$OUT/histo-end.txt" ]; then
  python3 bench/histo-diff.py "$OUT/histo-warmup.txt" "$OUT/histo-end.txt" "$OUT/histo" > "$OUT/histo-diff.txt"
  echo "classes that grew after warm-up: $OUT/histo-diff.txt"; sed -n '1,14p' "$OUT/histo-diff.txt"
fi
if [ "${HEAP_DUMP:-0}" = 1 ]; then
  jcmd "$SERVICE" GC.heap_dump "$PWD/$OUT/heap.hprof" >/dev/null && echo "heap dump (live objects): $OUT/heap.hprof"
fi
