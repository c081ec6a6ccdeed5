#!/usr/bin/env bash
# Prints the path of async-profiler's agent library for this machine, fetched once from Maven Central
# (tools.profiler:async-profiler) and unpacked into the directory given ($1). The bench scripts attach it to the
# running service with jcmd (JVMTI.agent_load) around the phase they measure.
set -euo pipefail
AP_VERSION=4.2
AP_JAR=~/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar
[ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION >&2
mkdir -p "$1/async-profiler" && unzip -o -q "$AP_JAR" 'linux-x64/*' -d "$1/async-profiler"
echo "$1/async-profiler/linux-x64/libasyncProfiler.so"
