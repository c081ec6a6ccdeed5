#!/usr/bin/env bash
# async-profiler for the bench scripts, attached to a running service with jcmd (JVMTI.agent_load):
#   bench/async-profiler.sh fetch DIR             prints the agent library's path, fetched once from Maven Central
#                                                 (tools.profiler:async-profiler) and unpacked into DIR
#   bench/async-profiler.sh start LIB PID EVENT   starts sampling EVENT (cpu, wall) every 1 ms, per thread
#   bench/async-profiler.sh stop LIB PID FILE     stops and writes the collapsed stacks to FILE
set -euo pipefail
case "$1" in
  fetch)
    AP_VERSION=4.2
    AP_JAR=~/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar
    [ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact=tools.profiler:async-profiler:$AP_VERSION >&2
    mkdir -p "$2/async-profiler" && unzip -o -q "$AP_JAR" 'linux-x64/*' -d "$2/async-profiler"
    echo "$2/async-profiler/linux-x64/libasyncProfiler.so" ;;
  # jcmd splits its arguments at commas: the agent's options go as one quoted argument
  start) jcmd "$3" JVMTI.agent_load "$2" "\"start,event=$4,interval=1ms,threads\"" >/dev/null ;;
  stop) jcmd "$3" JVMTI.agent_load "$2" "\"stop,file=$4,collapsed\"" >/dev/null ;;
  *) echo "usage: $0 fetch DIR | start LIB PID EVENT | stop LIB PID FILE" >&2; exit 2 ;;
esac
