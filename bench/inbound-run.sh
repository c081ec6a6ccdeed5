#!/usr/bin/env bash
# Inbound ingestion, side by side in one run on this machine:
#   1. a bare mime4j parse and the MIME walk of the corpus (bench/MimeWalkBench.java);
#   2. email-channel draining a real IMAP server (Dovecot from Debian, on loopback) holding the corpus messages
#      copied up to WARMUP + N, 20% of them with attachments (each with its own Message-ID), into PostgreSQL: messages/s and MB/s end to end over
#      the N after the first WARMUP (default 3000; the JIT compiles the hot paths first, as in bench/run.sh), with
#      the CPU each process spent on them (bench/cpu-split.sh).
# Needs: dovecot-imapd, postgresql-client (psql), a built jar (mvn -DskipTests package).
# Usage: [WARMUP=n] bench/inbound-run.sh [messages]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
WARMUP=${WARMUP:-3000}
TOTAL=$((WARMUP + N))
OUT=bench/results; mkdir -p "$OUT"
PROFILER=
[ "${PROFILE:-1}" = 1 ] && PROFILER=$(bench/async-profiler.sh fetch "$(cd "$OUT" && pwd)")
D=$(mktemp -d); chmod 755 "$D"; mkdir -p "$D/mail/drain@mx.test/"{new,cur,tmp} "$D/run" "$D/data"
IMAP_PORT=14143; HTTP_PORT=18082
cleanup() { kill "$SERVICE" 2>/dev/null || true; doveadm -c "$D/dovecot.conf" stop 2>/dev/null || kill "$(cat "$D/run/master.pid")" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$D"; }
trap cleanup EXIT

echo "== MIME walk beside a bare mime4j parse"
java -cp target/email-channel.jar bench/MimeWalkBench.java ../shared/corpora 12 | tee "$OUT/mime-walk.txt"

java -cp target/email-channel.jar bench/CorpusMix.java ../shared/corpora > "$D/corpus.tsv"
python3 - "$D/mail/drain@mx.test/new" "$TOTAL" "$WARMUP" "$D/corpus.tsv" <<'PY'
import os, sys
target, n, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
listed = [line.rstrip("\n").split("\t") for line in open(sys.argv[4])]
attached = [path for kind, path in listed if kind == "attachments"]
plain = [path for kind, path in listed if kind == "none"]
total = with_attachments = 0
for i in range(n):
    # every fifth message one with attachments (20%), the others without, each list in turn
    if i % 5 == 0:
        path = attached[(i // 5) % len(attached)]
        if i >= warmup:
            with_attachments += 1
    else:
        path = plain[(i - i // 5 - 1) % len(plain)]
    raw = open(path, "rb").read()
    raw = b"Message-ID: <bench-%d@mx.test>\r\nTo: care@bench.example\r\n" % i + raw
    with open(os.path.join(target, "%d.bench:2," % i), "wb") as f:
        f.write(raw)
    if i >= warmup:
        total += len(raw)
open(os.path.join(target, "..", "..", "..", "bytes"), "w").write(str(total))
print("mailbox: %d messages (%d measured, %d%% of them with attachments), corpus of %d (%d with attachments)"
      % (n, n - warmup, 100 * with_attachments // (n - warmup), len(listed), len(attached)))
PY
BYTES=$(cat "$D/bytes")
chown -R nobody:nogroup "$D/mail"
cat > "$D/dovecot.conf" <<CONF
base_dir = $D/run
log_path = $D/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
mail_location = maildir:$D/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$D/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
default_internal_user = nobody
default_internal_group = nogroup
default_login_user = nobody
CONF
dovecot -c "$D/dovecot.conf"

echo "== email-channel draining $WARMUP messages, then the $N measured ($BYTES bytes) from Dovecot"
start=$(date +%s.%N)
DATA_DIR="$D/data" HTTP_PORT=$HTTP_PORT HTTP_HOST=127.0.0.1 PLATFORM_ADMIN_TOKEN=bench-admin-token-0123456789 \
  IMAP_HOST=127.0.0.1 IMAP_PORT=$IMAP_PORT IMAP_SSL=false IMAP_USERNAME=drain@mx.test IMAP_PASSWORD=secret \
  IMAP_POLL_DELAY_MS=50 SMTP_HOST=127.0.0.1 SMTP_PORT=1 \
  java ${JAVA_OPTS:-} -jar target/email-channel.jar > "$OUT/inbound-service.log" 2>&1 & SERVICE=$!
until grep -q "started embedded PostgreSQL" "$OUT/inbound-service.log"; do sleep 0.2; done
PGPORT=$(grep -o "127.0.0.1:[0-9]* with data" "$OUT/inbound-service.log" | head -1 | cut -d: -f2 | cut -d' ' -f1)
count() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select count(*) from inbound_messages" postgres 2>/dev/null || echo 0; }
until [ "$(count)" -ge "$WARMUP" ]; do sleep 0.05; done
first=$(date +%s.%N); bench/cpu-split.sh > "$OUT/inbound-cpu-start.txt"
[ -n "$PROFILER" ] && bench/async-profiler.sh start "$PROFILER" $SERVICE "${PROFILE_EVENT:-cpu}"
# Stop at all stored, or when nothing more arrived for 10 s (messages the service cannot read stay in the mailbox).
last=0; idle=0
while [ "$(count)" -lt "$TOTAL" ] && [ $idle -lt 50 ]; do
  now=$(count); if [ "$now" = "$last" ]; then idle=$((idle+1)); else idle=0; last=$now; end=$(date +%s.%N); fi
  sleep 0.2
done
STORED=$(( $(count) - WARMUP )); [ "$STORED" -ge "$N" ] && end=$(date +%s.%N)
bench/cpu-split.sh > "$OUT/inbound-cpu-end.txt"
[ -n "$PROFILER" ] && bench/async-profiler.sh stop "$PROFILER" $SERVICE "$(cd "$OUT" && pwd)/inbound-profile.collapsed"
echo "stored $STORED of $N after the warm-up"
python3 -c "
n=$STORED; b=$BYTES*$STORED/$N; t=$end-$first
print('ingested %d messages in %.1f s (after %d of warm-up): %.0f messages/s, %.2f MB/s' % (n, t, $WARMUP, n/t, b/t/1e6))
print('including service start: %.1f s' % ($end-$start))" | tee "$OUT/inbound.txt"
echo "CPU ms per message: $(python3 bench/per-message.py "$OUT/inbound-cpu-start.txt" "$OUT/inbound-cpu-end.txt" \
  "$STORED")" | tee -a "$OUT/inbound.txt"
if [ -n "$PROFILER" ]; then
  echo "== where the service's CPU goes over the measured messages (async-profiler, $OUT/inbound-profile.collapsed)"
  python3 bench/profile-split.py "$OUT/inbound-profile.collapsed" | tee "$OUT/inbound-profile.txt"
fi
