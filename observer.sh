#!/usr/bin/env bash
# Builds what is needed and runs The Observer: the embedded Kafka broker (unless
# OBSERVER_KAFKA_BOOTSTRAP is set) and Payara Micro with the application. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests install -pl observer-launcher -am
exec java -jar observer-launcher/target/observer-launcher.jar "$@"
