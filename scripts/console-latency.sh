#!/usr/bin/env bash
# Measures what a search in the console adds to the API's time on the same query (the bar: at most
# 100 ms). It builds nothing: it runs observer-launcher/target/observer-launcher.jar as built.
#
#   mvn -B -DskipTests package && scripts/console-latency.sh
#
# One node with its embedded Kafka on free ports and a temporary data directory; COPIES (default 5)
# copies of samples/loghub's OpenSSH, Apache and Linux logs, each in its own index, over the last
# 20 hours. For each query, after three rounds untimed, ROUNDS (default 9) times in turn:
#   api      curl's total time for GET /api/search?index=*&q=…&from=now-24h&size=100&histogram=auto,
#            what the console's search view asks the engine for (first page, total, histogram);
#   console  in Debian's chromium, from clicking Search on / until Vaadin has no request under way and
#            the next frame is drawn: the round trip, the hits, histogram and fields drawn; "drawing"
#            is the part of it the page's own thread was busy (gaps of over 10 ms in a 4 ms timer).
# It prints the medians and the difference per query. About 3 minutes.
set -euo pipefail

cd "$(dirname "$0")/.."
NAME=console-latency
FAILED=${TMPDIR:-/tmp}/observer-console-latency-timeout.png
COPIES=${COPIES:-5}
ROUNDS=${ROUNDS:-9}
source scripts/console-driver.sh

start_node
POST_PAUSE=0
for copy in $(seq "$COPIES"); do
  post "openssh-$copy" openssh samples/loghub/OpenSSH/OpenSSH_2k.log
  post "apache-$copy" apache samples/loghub/Apache/Apache_2k.log
  post "syslog-$copy" linux samples/loghub/Linux/Linux_2k.log
done
start_browser
wd POST "$S/timeouts" '{"script":60000}' >/dev/null

# One console search: click Search, wait for Vaadin to be busy and idle again, then for a frame.
CONSOLE_SEARCH='const done = arguments[arguments.length - 1];
const clients = Object.values(window.Vaadin.Flow.clients);
const t0 = performance.now();
let seen = false, last = t0, busy = 0;
document.querySelector("#search").click();
(function check() {
  const now = performance.now();
  if (now - last > 10) busy += now - last;
  last = now;
  const active = clients.some(c => c.isActive());
  seen = seen || active;
  if (seen && !active) {
    requestAnimationFrame(() => done((performance.now() - t0).toFixed(1) + " " + busy.toFixed(1)));
    return;
  }
  if (now - t0 > 30000) { done("-1 -1"); return; }
  setTimeout(check, 1);
})();'
console_ms() {
  local body
  body=$(printf '%s' "$CONSOLE_SEARCH" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n' ' ')
  wd POST "$S/execute/async" "{\"script\":\"$body\",\"args\":[]}" | sed -n 's/.*"value":"\([0-9. -]*\)".*/\1/p'
}
api_ms() { # url-encoded query
  local from
  from=$(( ($(date +%s) - 86400) * 1000 ))
  curl -s -o /dev/null -w '%{time_total}' "$BASE/api/search?index=*&q=$1&from=$from&size=100&histogram=auto" \
    | awk '{ printf "%.1f", $1 * 1000 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '\n%-26s %8s %11s %11s %9s   %s\n' "query" "api ms" "console ms" "drawing ms" "added ms" "(medians of $ROUNDS; the console's status line)"
worst=0
for q in 'failed%20OR%20error' 'session%20opened' '%22authentication%20failure%22' 'user.name%3Aroot' 'fail*' '*'; do
  visit "/?index=*&range=24h&q=$q"
  wait_for "the search view" "/ hits? in /.test((document.querySelector('#status') || {}).textContent || '')"
  for _ in 1 2 3; do api_ms "$q" >/dev/null; console_ms >/dev/null; done # both warm, untimed
  : >"$WORK/api"; : >"$WORK/console"; : >"$WORK/request"
  for _ in $(seq "$ROUNDS"); do
    api_ms "$q" >>"$WORK/api"; echo >>"$WORK/api"
    read -r ms request <<<"$(console_ms)"
    [[ -n $ms && $ms != -1 ]] || { echo "the console's search did not finish" >&2; exit 1; }
    echo "$ms" >>"$WORK/console"; echo "$request" >>"$WORK/request"
  done
  api=$(median <"$WORK/api"); console=$(median <"$WORK/console"); request=$(median <"$WORK/request")
  added=$(awk -v a="$api" -v c="$console" 'BEGIN { printf "%.1f", c - a }')
  status=$(js "return document.querySelector('#status').textContent;" | sed -n 's/.*"value":"\([^"]*\)".*/\1/p')
  printf '%-26s %8s %11.1f %11.1f %9s   %s\n' "$(printf '%b' "${q//%/\\x}")" "$api" "$console" "$request" "$added" "$status"
  worst=$(awk -v w="$worst" -v a="$added" 'BEGIN { print (a > w) ? a : w }')
done
echo "worst added: $worst ms (the bar: 100 ms)"
