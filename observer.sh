#!/usr/bin/env bash
# Builds what is needed and runs The Observer: the embedded Kafka broker (unless
# OBSERVER_KAFKA_BOOTSTRAP is set) and one Payara Micro node with the application, or N of them with
# --nodes N. Ctrl-C stops them all. Several ./observer.sh may start at once from one checkout: the
# builds take turns, and every node runs from its own copy of what was built.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    cat <<'EOF'
Usage: ./observer.sh [--nodes N]

Starts The Observer: one embedded Kafka broker (unless OBSERVER_KAFKA_BOOTSTRAP names a
cluster) and N Payara Micro nodes with the application (default 1). Ctrl-C stops them all.

  --nodes N   nodes on consecutive HTTP ports from OBSERVER_HTTP_PORT (8080, 8081, ...),
              RPC ports at HTTP + 1000, named node-1 ... node-N (<OBSERVER_NODE_NAME>-1
              ... when that is set), with data in <OBSERVER_DATA_DIR>/node-1 ...
              (one node: OBSERVER_DATA_DIR and OBSERVER_NODE_NAME as they are)
  --help      prints this and exits

Settings (environment): OBSERVER_DATA_DIR (./data), OBSERVER_HTTP_PORT (8080),
OBSERVER_KAFKA_BOOTSTRAP (unset: the embedded broker), OBSERVER_KAFKA_PORT (9092),
OBSERVER_JAVA_OPTS (extra JVM options for every node); the README lists the others.
EOF
}

bad_usage() {
    echo "observer: $1" >&2
    usage >&2
    exit 2
}

check_nodes() {
    [[ "$1" =~ ^[0-9]+$ ]] && ((10#$1 >= 1)) || bad_usage "--nodes takes a whole number of nodes from 1 up, not '$1'"
}

# The same checks as the launcher's, before a build that takes a while.
args=("$@")
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --nodes) (($# >= 2)) || bad_usage "--nodes needs a number of nodes, e.g. --nodes 3"; check_nodes "$2"; shift 2 ;;
        --nodes=*) check_nodes "${1#--nodes=}"; shift ;;
        *) bad_usage "unknown argument '$1'" ;;
    esac
done

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
exec java -jar observer-launcher/target/observer-launcher.jar "${args[@]+"${args[@]}"}"
