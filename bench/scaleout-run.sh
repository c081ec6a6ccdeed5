#!/usr/bin/env bash
# Scale-out (issue 7): end-to-end send throughput of one instance against two instances side by side, in one run.
# Instance A runs the embedded PostgreSQL, Kafka broker, sandbox DNS and mailbox; instance B is a second process
# of the same jar on A's PostgreSQL, Kafka and mailbox (nothing else connects them: the dispatcher's
# FOR UPDATE SKIP LOCKED claims, the publisher's lease row and the inbound dedupe keys are in the database).
# Each phase sends N messages over HTTP (SendBench burst, 64 in flight; with two instances the requests alternate)
# and counts until the last one is accepted by Postfix's smtp-sink. Order: one, two, one again; the one-instance
# figure is the mean of both, so a machine getting busier or quieter during the run does not favour either side.
# All of it shares this machine's 2 cores, so by default a second instance mostly competes with the first. PIN=1
# gives each instance a core of its own (taskset on the JVM's threads once it is ready; PostgreSQL, Kafka's threads
# started before, and the sink stay free to run anywhere): the nearest this machine comes to adding a machine.
# Needs: postfix (smtp-sink), a built jar (mvn -DskipTests package). Writes bench/results/scaleout/.
# Usage: [PIN=1] [WARMUP=messages] bench/scaleout-run.sh [messages per phase]   (defaults 6000, warm-up 6000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-6000}
JAR=${JAR:-target/email-channel.jar}
OUT=${OUT:-bench/results/scaleout}; mkdir -p "$OUT/classes"
read -r SINK_PORT HTTP_A HTTP_B DNS_PORT KAFKA_PORT PG_PORT SMTP_A IMAP_A SMTP_B IMAP_B < <(python3 -c "
import socket
socks = [socket.socket() for _ in range(10)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")
DATA=$(mktemp -d); chmod 755 "$DATA"
SINK=; A=; B=
cleanup() { kill $SINK $A $B 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
ADMIN=bench-admin-token-0123456789
export PLATFORM_ADMIN_TOKEN=$ADMIN SECRETS_KEY=bench-secrets-key-shared-by-instances HTTP_HOST=127.0.0.1 \
  SMTP_HOST=127.0.0.1 SMTP_PORT=$SINK_PORT DNS_SERVERS=127.0.0.1:$DNS_PORT \
  API_RATE_PER_KEY=100000 API_BURST_PER_KEY=100000 DISPATCH_RATE_PER_SETUP=100000 DISPATCH_BURST_PER_SETUP=100000 \
  DISPATCH_MAX_CLAIMED=${MAX_CLAIMED:-500} DISPATCH_CONCURRENCY=${CONCURRENCY:-4} DISPATCH_POLL_MS=${POLL:-20} DB_POOL_SIZE=${POOL:-16}

smtp-sink -u nobody 127.0.0.1:$SINK_PORT 1024 & SINK=$!
javac -cp "$JAR" -d "$OUT/classes" bench/SendBench.java

ready() {
  for _ in $(seq 240); do curl -sf "127.0.0.1:$1/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "instance on port $1 not ready, see $OUT" >&2; exit 1
}
burst() { # label urls n
  java -cp "$JAR:$OUT/classes" SendBench "$2" $ADMIN $DNS_PORT burst "$3" 64 | tee "$OUT/$1.txt"
  sed -n 's/.*end_to_end_rate=\([0-9]*\).*/\1/p' "$OUT/$1.txt"
}

DATA_DIR="$DATA/a" HTTP_PORT=$HTTP_A DB_EMBEDDED_PORT=$PG_PORT KAFKA_EMBEDDED_PORT=$KAFKA_PORT DNS_SANDBOX_PORT=$DNS_PORT \
  SMTP_EMBEDDED_PORT=$SMTP_A IMAP_EMBEDDED_PORT=$IMAP_A java ${JAVA_OPTS:-} -jar "$JAR" > "$OUT/instance-a.log" 2>&1 & A=$!
ready $HTTP_A
pin() { [ "${PIN:-0}" = 1 ] && taskset -a -c -p "$2" "$1" >/dev/null || true; }
pin $A 0
start_b() {
  DATA_DIR="$DATA/b" HTTP_PORT=$HTTP_B DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" DB_USER=postgres \
    KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT SMTP_EMBEDDED_PORT=$SMTP_B IMAP_EMBEDDED_PORT=$IMAP_B \
    IMAP_HOST=127.0.0.1 IMAP_PORT=$IMAP_A IMAP_SSL=false IMAP_USERNAME=inbound@email-channel.localhost IMAP_PASSWORD=embedded \
    java ${JAVA_OPTS:-} -jar "$JAR" > "$OUT/instance-b.log" 2>&1 & B=$!
  ready $HTTP_B
  pin $B 1
}

echo "== warm-up (one instance)"; burst warmup-a "http://127.0.0.1:$HTTP_A" "${WARMUP:-6000}" >/dev/null
echo "== one instance"; ONE_1=$(burst one-1 "http://127.0.0.1:$HTTP_A" "$N" | tail -1)
start_b
echo "== warm-up (both)"; burst warmup-ab "http://127.0.0.1:$HTTP_A,http://127.0.0.1:$HTTP_B" "${WARMUP:-6000}" >/dev/null
echo "== two instances"; TWO=$(burst two "http://127.0.0.1:$HTTP_A,http://127.0.0.1:$HTTP_B" "$N" | tail -1)
kill $B; wait $B 2>/dev/null || true; B=
echo "== one instance again"; ONE_2=$(burst one-2 "http://127.0.0.1:$HTTP_A" "$N" | tail -1)
python3 - "$ONE_1" "$ONE_2" "$TWO" "${PIN:-0}" <<'PY' | tee "$OUT/ratio.txt"
import sys
one1, one2, two = map(float, sys.argv[1:4])
one = (one1 + one2) / 2
print(("pinned, one core each: " if sys.argv[4] == "1" else "unpinned: ") + f"one instance {one1:.0f} and {one2:.0f} msg/s (mean {one:.0f}); two instances {two:.0f} msg/s; ratio two/one = {two/one:.2f}")
PY
