# Sourced by the console scripts (screenshots.sh, console-latency.sh): one node with its embedded
# Kafka on free ports and a temporary data directory, sample logs to post, and Debian's chromium
# driven through chromedriver's WebDriver HTTP API with curl. The caller sets NAME (for the
# temporary directory) and FAILED (where a screenshot goes when a wait times out), then calls
# start_node and start_browser; everything stops and the directory goes when the script exits.

JAR=observer-launcher/target/observer-launcher.jar
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

[[ -f $JAR ]] || { echo "no $JAR: build first (mvn -B -DskipTests package)" >&2; exit 1; }
for tool in "$CHROMIUM" "$CHROMEDRIVER" java curl base64 awk sed; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y chromium chromium-driver curl)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/observer-$NAME.XXXXXX")
NODE_PID=
DRIVER_PID=
SESSION=
stop() {
  # ending the session quits chromium; killing chromedriver alone would leave it running
  if [[ -n $SESSION ]]; then curl -s -X DELETE "$WD/session/$SESSION" >/dev/null || true; fi
  if [[ -n $DRIVER_PID ]]; then kill "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true; fi
  # SIGTERM: the launcher stops Payara Micro and the broker it started, then exits
  if [[ -n $NODE_PID ]]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap stop EXIT

# A port nothing listens on, and (when asked) nothing on port + offset either.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port offset=${1:-0}
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 20000))
    if ! in_use "$port" && ! in_use $((port + offset)); then echo "$port"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

start_node() {
  HTTP_PORT=$(free_port 1000)   # the node's RPC port is its HTTP port + 1000
  KAFKA_PORT=$(free_port 1)     # the embedded broker's controller takes the next port
  BASE=http://127.0.0.1:$HTTP_PORT

  echo "starting a node on $BASE (data in $WORK/data, output in $WORK/node.log)"
  # security off unless asked for: the scripts post samples and drive the console without signing in
  env -u OBSERVER_KAFKA_BOOTSTRAP OBSERVER_NODE_NAME=node-1 OBSERVER_DATA_DIR="$WORK/data" OBSERVER_HTTP_PORT="$HTTP_PORT" \
    OBSERVER_KAFKA_PORT="$KAFKA_PORT" OBSERVER_AUTH="${OBSERVER_AUTH:-off}" java -jar "$JAR" >"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for i in $(seq 600); do
    grep -qs "The Observer is ready" "$WORK/node.log" && break
    if ! kill -0 "$NODE_PID" 2>/dev/null || [[ $i == 600 ]]; then
      tail -30 "$WORK/node.log" >&2; echo "the node did not start" >&2; exit 1
    fi
    sleep 1
  done
}

# --- sample logs -------------------------------------------------------------------------------
# Each source's lines keep their order and get times over the last 20 hours, denser lately.
# sed escapes them for JSON; awk adds the time and a few fields taken from the line.
NOW=$(date +%s)
to_json() { # source file
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/ /g' -e 's/\r$//' "$2" | awk -v source="$1" -v now="$NOW" -v n="$(wc -l <"$2")" '
    function field(name, value) { return value == "" ? "" : ",\"" name "\":\"" value "\"" }
    function first(re,   s) { return match(text, re) ? substr(text, RSTART, RLENGTH) : "" }
    {
      x = (n - NR) / n
      t = now - 30 - (x > 0 ? int(72000 * exp(1.6 * log(x))) : 0)
      stamp = strftime("%Y-%m-%dT%H:%M:%S", t, 1) sprintf(".%03dZ", (NR * 37) % 1000)
      extra = ""
      if (source == "apache") {          # [Sun Dec 04 04:47:44 2005] [error] text
        text = $0; sub(/^\[[^]]*\] /, "", text)
        level = first("^\\[[a-z]+\\]"); gsub(/[][]/, "", level); sub(/^\[[a-z]+\] /, "", text)
        extra = field("log.level", level) field("host.name", "web-01")
      } else {                           # Dec 10 06:55:46 LabSZ sshd[24200]: text
        host = $4; process = $5; sub(/(\[[0-9]+\])?:$/, "", process)
        text = $0; sub(/^[A-Z][a-z][a-z] +[0-9]+ [0-9:]+ [^ ]+ [^ ]+ /, "", text)
        user = first("(user|for) [A-Za-z0-9_.-]+ from"); sub(/^(user|for) /, "", user); sub(/ from$/, "", user)
        ip = first("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+")
        extra = field("host.name", host) field("process.name", process) field("user.name", user) field("source.ip", ip)
      }
      printf "{\"@timestamp\":\"%s\",\"message\":\"%s\",\"event.dataset\":\"%s\"%s}\n", stamp, text, source, extra
    }'
}
post() { # index source file: in parts of 500, POST_PAUSE seconds apart (so the cluster's ingest line moves)
  to_json "$2" "$3" >"$WORK/$1.ndjson"
  [[ -s $WORK/$1.ndjson ]] || { echo "no logs made of $3" >&2; exit 1; }
  split -l 500 "$WORK/$1.ndjson" "$WORK/$1.part."
  local part status
  for part in "$WORK/$1".part.*; do
    status=$(curl -s -o "$WORK/$1.answer" -w '%{http_code}' -XPOST "$BASE/api/logs/$1/_bulk?refresh=wait_for" \
      -H 'Content-Type: application/x-ndjson' --data-binary "@$part")
    if [[ $status != 2* ]] || grep -q '"status":[45]' "$WORK/$1.answer"; then
      head -c 600 "$WORK/$1.answer" >&2; echo " ← posting $3 to $1 answered $status" >&2; exit 1
    fi
    sleep "${POST_PAUSE:-2}"
  done
  echo "posted $(wc -l <"$WORK/$1.ndjson") logs to $1"
}

# --- the browser -------------------------------------------------------------------------------
start_browser() {
  DRIVER_PORT=$(free_port)
  "$CHROMEDRIVER" --port="$DRIVER_PORT" >"$WORK/chromedriver.log" 2>&1 &
  DRIVER_PID=$!
  WD=http://127.0.0.1:$DRIVER_PORT
  for i in $(seq 50); do
    curl -s "$WD/status" | grep -q '"ready": *true' && break
    [[ $i == 50 ]] && { echo "chromedriver did not start" >&2; exit 1; }
    sleep 0.2
  done
  SESSION=$(wd POST /session "{\"capabilities\":{\"alwaysMatch\":{\"goog:chromeOptions\":{\"binary\":\"$CHROMIUM\",
    \"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-dev-shm-usage\",\"--hide-scrollbars\",
    \"--no-first-run\",\"--disable-background-networking\",\"--disable-sync\",\"--user-data-dir=$WORK/profile\"]}}}}" \
    | sed -n 's/.*"sessionId":"\([^"]*\)".*/\1/p')
  [[ -n $SESSION ]] || { echo "chromium did not start: see $WORK/chromedriver.log" >&2; cat "$WORK/chromedriver.log" >&2; exit 1; }
  S=/session/$SESSION
}

wd() { # method path [json]: the WebDriver answer
  curl -s -X "$1" "$WD$2" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}
}

# The page's size in CSS pixels, one device pixel each (the phone as a phone: touch, mobile layout).
viewport() { # width height mobile
  wd POST "$S/goog/cdp/execute" "{\"cmd\":\"Emulation.setDeviceMetricsOverride\",\"params\":{\"width\":$1,
    \"height\":$2,\"deviceScaleFactor\":1,\"mobile\":$3}}" >/dev/null
}
js() { # script: its JSON result
  local body
  body=$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n' ' ')
  wd POST "$S/execute/sync" "{\"script\":\"$body\",\"args\":[]}"
}
# Waits until the condition holds and Vaadin has no request under way, then a moment for drawing.
IDLE="Object.values((window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients) || {x: {isActive: () => true}})
  .every(c => !c.isActive())"
wait_for() { # what condition
  for _ in $(seq 120); do
    if js "return !!($2) && $IDLE;" | grep -q '"value":true'; then sleep 1.5; return; fi
    sleep 0.5
  done
  wd GET "$S/screenshot" | sed -e 's/^{"value":"//' -e 's/"}$//' -e 's#\\/#/#g' | base64 -d >"$FAILED" || true
  echo "timed out waiting for $1 (the page as it was: $FAILED)" >&2; exit 1
}
visit() { wd POST "$S/url" "{\"url\":\"$BASE$1\"}" >/dev/null; }
click() { # a script returning the element to click
  local ref
  ref=$(js "$1" | sed -n 's/.*"element-6066-[0-9a-f-]*":"\([^"]*\)".*/\1/p')
  [[ -n $ref ]] || { echo "nothing to click: $1" >&2; exit 1; }
  wd POST "$S/element/$ref/click" '{}' >/dev/null
}

