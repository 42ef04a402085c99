#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Kafka broker, Payara Micro,
# the EAR on Payara Server and the console in Debian's Chromium. Installs Chromium, its driver and
# kcat (a plain Kafka producer) when they are missing (Debian/Ubuntu; needs root or sudo); Maven
# fetches everything else.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1 || ! command -v kcat >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver kcat
fi
exec mvn -B verify "$@"
