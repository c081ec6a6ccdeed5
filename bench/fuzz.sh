#!/usr/bin/env bash
# The longer fuzzing run (the build runs only the committed seeds): each @FuzzTest of ParsersFuzzTest fuzzed by
# Jazzer for SECONDS (default 300). A crash is written into the test's seed directory
# (src/test/resources/com/emailchannel/fuzz/ParsersFuzzTestInputs/<method>/crash-*): give it a telling name, fix
# the cause, add a unit test, and commit the seed so every build replays it.
# Usage: bench/fuzz.sh [seconds] [method ...]   (methods: mimeWalk deliveryReport sendRequest setupRequest)
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-300}; shift || true
METHODS=${*:-mimeWalk deliveryReport sendRequest setupRequest}
OUT=bench/results/fuzz-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
sed -i.bak "s/maxDuration = \"[0-9]*s\"/maxDuration = \"${SECONDS_EACH}s\"/" src/test/java/com/emailchannel/fuzz/ParsersFuzzTest.java
trap 'mv src/test/java/com/emailchannel/fuzz/ParsersFuzzTest.java.bak src/test/java/com/emailchannel/fuzz/ParsersFuzzTest.java' EXIT
for method in $METHODS; do
  echo "== $method for ${SECONDS_EACH}s"
  JAZZER_FUZZ=1 mvn -B test -Dtest="ParsersFuzzTest#$method" -Dsurefire.failIfNoSpecifiedTests=false > "$OUT/$method.log" 2>&1
  grep -E "Done [0-9]+ runs|FuzzTestFinding" "$OUT/$method.log" | head -3
done
