#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Kafka broker, Payara Micro,
# the EAR on Payara Server and the console in Debian's Chromium. Installs Chromium, its driver, kcat
# (a plain Kafka producer) and rsyslog with omelasticsearch (a shipper) when they are missing
# (Debian/Ubuntu; needs root or sudo); Maven fetches everything else, and npm the Elasticsearch
# JavaScript client (Node and npm must be installed).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v kcat >/dev/null 2>&1 \
  || [ ! -x /usr/sbin/rsyslogd ] || ! dpkg -s rsyslog-elasticsearch >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver kcat rsyslog rsyslog-elasticsearch
fi
exec mvn -B verify "$@"
