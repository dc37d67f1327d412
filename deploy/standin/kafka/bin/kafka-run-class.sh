#!/usr/bin/env bash
# Runs a class of Kafka's with libs/ on the class path, as the distribution's script of this name
# does (heap and log4j options from KAFKA_HEAP_OPTS, KAFKA_LOG4J_OPTS, KAFKA_OPTS).
set -euo pipefail
base="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck disable=SC2086 # option lists, as in Kafka's scripts
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:-} \
  ${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base/config/tools-log4j2.properties} \
  ${KAFKA_OPTS:-} -cp "$base/libs/*" "$@"
