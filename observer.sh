#!/usr/bin/env bash
# Builds what is needed and runs The Observer: the embedded Kafka broker (unless
# OBSERVER_KAFKA_BOOTSTRAP is set) and one Payara Micro node with the application, or N of them with
# --nodes N. Ctrl-C stops them all. Several ./observer.sh may start at once from one checkout: the
# builds take turns, and every node runs from its own copy of what was built.
set -euo pipefail
cd "$(dirname "$0")"

build() {
    mvn -q -B -DskipTests package -pl observer-launcher -am
}

# Two builds at once would rewrite target/ under each other: they take turns on this lock (outside
# target/, which a clean deletes while someone may hold it). Without flock, build as before.
if command -v flock >/dev/null 2>&1; then
    exec 9>observer-launcher/.build.lock
    if ! flock -n 9; then
        echo "[observer] another ./observer.sh is building; waiting for it"
        flock 9
    fi
    build
    exec 9>&-
else
    build
fi
# The launcher checks the arguments (--nodes N, --kafka-only, --help) and prints the usage.
exec java -jar observer-launcher/target/observer-launcher.jar "$@"
