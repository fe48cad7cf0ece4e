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
