#!/usr/bin/env bash
# Takes the console screenshots the README shows (docs/screenshots/*.png), so they can be taken
# again after the console changes:
#
#   mvn -B -DskipTests package && scripts/screenshots.sh
#
# It builds nothing: it runs observer-launcher/target/observer-launcher.jar as built. It starts one
# node with its embedded Kafka on free ports and a temporary data directory, posts 6,000 lines of
# samples/loghub (OpenSSH, Apache, Linux syslog) with their @timestamp spread over the last 20 hours,
# compacts one index, and drives Debian's chromium through chromedriver's WebDriver HTTP API with
# curl (so it needs nothing beyond the README's JDK and Maven, curl, and `apt-get install chromium
# chromium-driver`): each view at 1280×800, a hit's context, the search view also dark and on a
# 390×844 phone, and /tail when the console has it. Then it stops the node by its pid and removes
# the directory. About 3 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
NAME=screenshots
OUT=docs/screenshots
FAILED=${TMPDIR:-/tmp}/observer-screenshots-timeout.png
source scripts/console-driver.sh

shot() { # name
  wd GET "$S/screenshot" | sed -e 's/^{"value":"//' -e 's/"}$//' -e 's#\\/#/#g' | base64 -d >"$WORK/$1.png"
  mkdir -p "$OUT" && mv "$WORK/$1.png" "$OUT/$1.png"
  echo "$OUT/$1.png: $(wc -c <"$OUT/$1.png") bytes"
}

start_node
start_browser

SEARCH='/?index=*&range=24h&q=failed%20OR%20error'
SEARCH_READY="/ hits? in /.test((document.querySelector('.search-status') || {}).textContent || '')
  && document.querySelector('.histogram rect.bar') && document.querySelector('.fields-sidebar .field-name')
  && document.querySelector('#hits vaadin-grid-cell-content .log-line')"
GRID_READY="[...document.querySelectorAll('vaadin-grid-cell-content')].some(c => c.textContent.trim())"

viewport 1280 800 false
# the cluster view starts the ingest-rate sampler, and /tail (when this build has it: an unknown route
# draws Vaadin's "Could not navigate", without the header) shows the logs as they come: open both first
visit "/cluster?theme=light"; wait_for "the cluster" "document.querySelector('.node-card')"
visit "/tail?theme=light"
wait_for "the tail" "document.querySelector('.console-header') || /Could not navigate/.test(document.body.textContent)"
TAIL=$(js "return !!document.querySelector('.console-header');" | grep -c '"value":true' || true)
post openssh openssh samples/loghub/OpenSSH/OpenSSH_2k.log
post apache apache samples/loghub/Apache/Apache_2k.log
post syslog linux samples/loghub/Linux/Linux_2k.log
# one index compacted, so its page shows chunks (and the oplog more than writes)
status=$(curl -s -o /dev/null -w '%{http_code}' -XPOST "$BASE/api/indexes/openssh/_compact")
[[ $status == 2* ]] || echo "compacting openssh answered $status: its page will show no chunks" >&2
if [[ $TAIL == 1 ]]; then
  wait_for "the tail's rows" "[...document.querySelectorAll('#rows vaadin-grid-cell-content')].filter(c => c.textContent.trim()).length > 20"
  shot tail
fi

visit "$SEARCH&theme=light"; wait_for "the search view" "$SEARCH_READY"; shot search

# a hit's context: open the topmost hit, then its Context button
click "return [...document.querySelectorAll('#hits vaadin-grid-cell-content')]
  .filter(c => c.querySelector('.log-line') && c.getBoundingClientRect().top > 0)
  .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];"
wait_for "the hit's details" "document.querySelector('#hits .show-context')"
click "return document.querySelector('#hits .show-context');"
wait_for "the context dialog" "document.querySelector('.context-anchor')"
shot search-context

visit "$SEARCH&theme=dark"; wait_for "the search view, dark" "$SEARCH_READY"; shot search-dark
visit "/indexes?theme=light"; wait_for "the indexes" "$GRID_READY && document.body.textContent.includes('openssh')"; shot indexes
visit "/indexes/openssh?theme=light"; wait_for "an index" "document.querySelector('.index-page .figure-value')"; shot index
visit "/oplog?theme=light"; wait_for "the oplog" "$GRID_READY"; shot oplog
visit "/cluster?theme=light"; wait_for "the cluster" "document.querySelector('.node-card') && document.querySelector('.line-chart svg')"
shot cluster

viewport 390 844 true
visit "$SEARCH&theme=light"; wait_for "the search view on a phone" "$SEARCH_READY"; shot search-phone
