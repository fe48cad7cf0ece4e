# Shared shell helpers for end-to-end tests and benchmarks: free ports, starting servers, stopping by PID.
# Source it; every process started through it is stopped on exit.

AUGUR_PIDS=()
augur_cleanup() {
    local pid
    for pid in "${AUGUR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${AUGUR_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap augur_cleanup EXIT

# Prints a TCP port nothing listens on.
free_port() {
    "${AUGUR_PYTHON:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until PING answers on port $1 (up to 30 s).
wait_for_ping() {
    local i
    for i in $(seq 1 300); do
        redis-cli -h 127.0.0.1 -p "$1" PING 2>/dev/null | grep -q PONG && return 0
        sleep 0.1
    done
    echo "nothing answered PING on port $1 within 30 s" >&2
    return 1
}

# start_redis PORT DIR: a throwaway redis-server 7.0 (no snapshots), stopped on exit.
start_redis() {
    redis-server --port "$1" --bind 127.0.0.1 --dir "$2" --save "" --appendonly no --daemonize no \
        >"$2/redis.log" 2>&1 &
    AUGUR_PIDS+=($!)
    wait_for_ping "$1"
}

# start_broker PORT DIR [flags…]: the Augur broker from $AUGUR_BIN, stopped on exit.
start_broker() {
    local port=$1 dir=$2; shift 2
    "$AUGUR_BIN" broker --port "$port" --data-dir "$dir" "$@" >"$dir/broker.log" 2>&1 &
    AUGUR_PIDS+=($!)
    wait_for_ping "$port"
}

# start_serve PORT MODELS NAME LOGDIR [flags…]: an `augur serve` daemon (consumer NAME, group augur) against the
# broker on PORT, logging to LOGDIR/serve-NAME.log, stopped on exit. Returns once its models are loaded and it
# reads requests (its log says "processing requests"; a blocked XREADGROUP does not list it as a consumer yet),
# up to 30 s. Its PID is in SERVE_PID.
start_serve() {
    local port=$1 models=$2 name=$3 logdir=$4; shift 4
    "$AUGUR_BIN" serve --broker "redis://127.0.0.1:$port" --models "$models" --consumer "$name" "$@" \
        >"$logdir/serve-$name.log" 2>&1 &
    SERVE_PID=$!
    AUGUR_PIDS+=("$SERVE_PID")
    wait_for_serve "$name" "$logdir/serve-$name.log" "processing requests"
}

# wait_for_serve NAME LOG PATTERN: waits (up to 30 s) until the daemon SERVE_PID logs PATTERN in LOG; fails with
# its log when it exits first or never gets there.
wait_for_serve() {
    local name=$1 log=$2 pattern=$3 i
    for i in $(seq 1 300); do
        grep -q "$pattern" "$log" && return 0
        kill -0 "$SERVE_PID" 2>/dev/null || { echo "augur serve $name exited during startup:" >&2; cat "$log" >&2; return 1; }
        sleep 0.1
    done
    echo "augur serve $name did not start processing within 30 s" >&2
    return 1
}

# http_status PORT PATH: prints the status code of GET http://127.0.0.1:PORT/PATH, or 000 when nothing answers
# (bash's /dev/tcp, so it needs no curl).
http_status() {
    local fd line
    { exec {fd}<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || { echo 000; return; }
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&"$fd"
    IFS=' ' read -r -t 5 _ line _ <&"$fd" || line=000
    exec {fd}>&-
    echo "${line:-000}"
}

# wait_for_http PORT PATH [SECONDS]: waits until GET PATH on port PORT answers 200 (default up to 60 s).
wait_for_http() {
    local i
    for i in $(seq 1 $((${3:-60} * 10))); do
        [ "$(http_status "$1" "$2")" = 200 ] && return 0
        sleep 0.1
    done
    echo "GET http://127.0.0.1:$1$2 did not answer 200 within ${3:-60} s (last: $(http_status "$1" "$2"))" >&2
    return 1
}

# stop_pid PID: SIGTERM, up to 10 s to exit, then SIGKILL; reaps it when it is this shell's child.
stop_pid() {
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
