#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs the real peers the tests start (from Debian's packages, when
# missing), then runs every unit, route and end-to-end test with Maven.
#   postfix      a real MTA the dispatcher relays through (its smtp-sink takes its delivery notifications)
#   python3-dkim   an independent DKIM verifier for every signature we make
#   dovecot-imapd  a real IMAP server the inbound route drains the real-world corpora from
#   libsisimai-perl  the reference bounce classifier ours is compared with, side by side
#   chromium       the headless browser the developer console's tests drive (Playwright, no browser download)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v postfix >/dev/null 2>&1 || missing+=(postfix)
/usr/bin/python3 -c 'import dkim, dns.resolver' >/dev/null 2>&1 || missing+=(python3-dkim)
command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd)
/usr/bin/perl -MSisimai -e 1 >/dev/null 2>&1 || missing+=(libsisimai-perl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing test peers: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Playwright drives Debian's Chromium (/usr/bin/chromium): it must not download browsers of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
status=0
mvn -B verify "$@" || status=$?
if [ "$status" -ne 0 ]; then
  # A test JVM that fails after its tests (a crash, a halt at exit) leaves its reason only in these files.
  for f in target/surefire-reports/*.dump* target/failsafe-reports/*.dump* hs_err_pid*.log; do
    [ -f "$f" ] || continue
    echo "===== $f"
    head -c 20000 "$f"
  done
fi
exit "$status"
