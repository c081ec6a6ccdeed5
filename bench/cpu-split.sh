#!/usr/bin/env bash
# CPU seconds used so far by each process group on this machine, one line: service=... postgres=... client=...
# sink=... imap=... other=... (user + system time of the live processes, from /proc). Two samples around a phase give the
# CPU each part of the system spent on it; bench/run.sh divides by the messages of the phase.
tck=$(getconf CLK_TCK)
for p in /proc/[0-9]*; do
  read -r stat < "$p/stat" 2>/dev/null || continue
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  cmd=$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)
  case "$cmd" in
    *SendBench*|*LoadBench*) g=client ;;
    *email-channel*.jar*) g=service ;;
    *postgres*) g=postgres ;;
    *smtp-sink*) g=sink ;;
    *dovecot*|imap*) g=imap ;;
    *) g=other ;;
  esac
  echo "$g $(( ${12} + ${13} ))"
done | awk -v t="$tck" '{s[$1] += $2} END {printf "service=%.2f postgres=%.2f client=%.2f sink=%.2f imap=%.2f other=%.2f\n",
  s["service"]/t, s["postgres"]/t, s["client"]/t, s["sink"]/t, s["imap"]/t, s["other"]/t}'
