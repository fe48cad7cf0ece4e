#!/usr/bin/env bash
# broker_bench.sh — measures the Augur broker against redis-server 7.0 on this machine, same load on both.
# A benchmark, not a test: it prints numbers and fails only when a server or a workload breaks.
#
# Rows: XADD from 50 unpipelined clients; XADD with -P 16; draining a pre-filled stream with parallel
# consumers (XREADGROUP COUNT 100 + pipelined XACK, see stream_consumers.py); and the resident memory (VmRSS)
# of each server holding 1M entries of ~100 bytes. Besides ops/s it reports the server's own CPU time per
# operation (utime+stime from /proc), which the shared client machine does not distort.
#
# Both servers persist the same way: redis-server with appendonly yes, appendfsync everysec, save "";
# Augur with `augur broker --port P --data-dir D --appendfsync everysec`. Each gets its own temp dir.
#
# Environment (defaults in brackets):
#   AUGUR_BIN         the augur executable [.build/release/augur]; when it is missing a second redis-server
#                     stands in (clearly labelled) so the script itself can be exercised
#   AUGUR_PYTHON      python for the consumer driver [python3]; standard library only
#   REDIS_SERVER, REDIS_BENCHMARK, REDIS_CLI   [redis-server, redis-benchmark, redis-cli]
#   BENCH_REQUESTS    XADD requests per row [200000]      BENCH_CLIENTS   clients [50]
#   BENCH_PIPELINE    pipeline depth of the second row [16]
#   BENCH_CONSUME_ENTRIES  entries drained by the consumers [300000]
#   BENCH_CONSUMERS   consumer processes [number of cores]
#   BENCH_MEMORY_ENTRIES   entries held for the memory row [1000000]
#   BENCH_VALUE_BYTES value size; with the field and id an entry is ~100 bytes [90]
#   BENCH_REPEAT      rounds of the throughput rows, alternating servers; the median is shown [3]
#   BENCH_OUT         also write the results as CSV to this file
#   BENCH_KEEP=1      keep the temp dir (server logs, data) for inspection
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# stop_pid and free_port; its EXIT trap is replaced by this script's cleanup below.
source "$here/../lib/procs.sh"
AUGUR_BIN=${AUGUR_BIN:-.build/release/augur}
PYTHON=${AUGUR_PYTHON:-python3}
REDIS_SERVER=${REDIS_SERVER:-redis-server}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-redis-benchmark}
REDIS_CLI=${REDIS_CLI:-redis-cli}
REQUESTS=${BENCH_REQUESTS:-200000}
CLIENTS=${BENCH_CLIENTS:-50}
PIPELINE=${BENCH_PIPELINE:-16}
CONSUME_ENTRIES=${BENCH_CONSUME_ENTRIES:-300000}
CONSUMERS=${BENCH_CONSUMERS:-$(nproc)}
MEMORY_ENTRIES=${BENCH_MEMORY_ENTRIES:-1000000}
VALUE_BYTES=${BENCH_VALUE_BYTES:-90}
REPEAT=${BENCH_REPEAT:-3}
VALUE=$(head -c "$VALUE_BYTES" /dev/zero | tr '\0' 'v')
TICKS=$(getconf CLK_TCK)

die() { echo "broker_bench: $*" >&2; exit 1; }

for tool in "$REDIS_SERVER" "$REDIS_BENCHMARK" "$REDIS_CLI" "$PYTHON"; do
    command -v "$tool" >/dev/null || die "$tool not found on PATH"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/broker-bench.XXXXXX")
declare -a started=()       # every PID this script started, stopped in cleanup
declare -A PID=() PORT=()   # per server slot

cleanup() {
    local status=$?
    for pid in "${started[@]}"; do stop_pid "$pid"; done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then
        echo "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_ready SLOT: until the server answers PING, or fail with its log.
wait_ready() {
    local slot=$1
    for _ in $(seq 300); do
        if ! kill -0 "${PID[$slot]}" 2>/dev/null; then
            tail -20 "$work/$slot/server.log" >&2 || true
            die "$slot exited during startup (log above)"
        fi
        if [[ $("$REDIS_CLI" -h 127.0.0.1 -p "${PORT[$slot]}" PING 2>/dev/null) == PONG ]]; then return 0; fi
        sleep 0.1
    done
    die "$slot did not answer PING on port ${PORT[$slot]} within 30 s"
}

start_redis() {
    local slot=$1 dir=$work/$1 port
    port=$(free_port)
    mkdir -p "$dir"
    "$REDIS_SERVER" --bind 127.0.0.1 --port "$port" --dir "$dir" --appendonly yes --appendfsync everysec \
        --save '' --daemonize no --protected-mode no --logfile "$dir/server.log" >/dev/null 2>&1 &
    PID[$slot]=$!
    PORT[$slot]=$port
    started+=("$!")
    wait_ready "$slot"
}

start_augur() {
    local slot=$1 dir=$work/$1 port
    if [[ $augur_is_standin == 1 ]]; then start_redis "$slot"; return; fi
    port=$(free_port)
    mkdir -p "$dir/data"
    "$AUGUR_BIN" broker --port "$port" --data-dir "$dir/data" --appendfsync everysec >"$dir/server.log" 2>&1 &
    PID[$slot]=$!
    PORT[$slot]=$port
    started+=("$!")
    wait_ready "$slot"
}

stop_slot() {
    stop_pid "${PID[$1]}"
}

cli() {
    local slot=$1
    shift
    "$REDIS_CLI" -h 127.0.0.1 -p "${PORT[$slot]}" "$@"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
micros_per_op() { awk -v t="$1" -v hz="$TICKS" -v n="$2" 'BEGIN { printf "%.2f", t / hz * 1e6 / n }'; }

# xadd_row SLOT PIPELINE -> "ops/s server-cpu-us-per-op"
xadd_row() {
    local slot=$1 pipeline=$2 key=bench:xadd:$2 before after csv rps
    cli "$slot" DEL "$key" >/dev/null
    before=$(cpu_ticks "${PID[$slot]}")
    csv=$("$REDIS_BENCHMARK" -h 127.0.0.1 -p "${PORT[$slot]}" -c "$CLIENTS" -n "$REQUESTS" -P "$pipeline" --csv \
        XADD "$key" '*' f "$VALUE" 2>>"$work/$slot/benchmark.log") || die "redis-benchmark failed against $slot"
    after=$(cpu_ticks "${PID[$slot]}")
    rps=$(tail -1 <<<"$csv" | cut -d, -f2 | tr -d '"')
    [[ $rps =~ ^[0-9.]+$ ]] || die "unexpected redis-benchmark output against $slot: $csv"
    local length
    # redis-benchmark rounds up to whole pipelines per client, so a few extra entries are normal.
    length=$(cli "$slot" XLEN "$key")
    ((length >= REQUESTS)) || echo "warning: $slot holds $length entries after $REQUESTS XADDs" >&2
    echo "$rps $(micros_per_op $((after - before)) "$REQUESTS")"
}

# consume_row SLOT -> "entries/s server-cpu-us-per-entry"
consume_row() {
    local slot=$1 key=bench:consume before after out
    cli "$slot" DEL "$key" >/dev/null
    "$PYTHON" "$here/stream_consumers.py" fill 127.0.0.1 "${PORT[$slot]}" "$key" "$CONSUME_ENTRIES" "$VALUE_BYTES" \
        || die "filling $key on $slot failed"
    before=$(cpu_ticks "${PID[$slot]}")
    out=$("$PYTHON" "$here/stream_consumers.py" consume 127.0.0.1 "${PORT[$slot]}" "$key" g "$CONSUMERS" "$VALUE_BYTES") \
        || die "consumers failed against $slot"
    after=$(cpu_ticks "${PID[$slot]}")
    local entries acked rate pending
    entries=$(sed -n 's/.*entries=\([0-9]*\).*/\1/p' <<<"$out")
    acked=$(sed -n 's/.*acked=\([0-9]*\).*/\1/p' <<<"$out")
    rate=$(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' <<<"$out")
    pending=$(cli "$slot" XPENDING "$key" g | head -1)
    if [[ $entries != "$CONSUME_ENTRIES" || $acked != "$CONSUME_ENTRIES" || $pending != 0 ]]; then
        echo "warning: $slot delivered $entries, acked $acked of $CONSUME_ENTRIES; $pending left pending" >&2
    fi
    echo "$rate $(micros_per_op $((after - before)) "$CONSUME_ENTRIES")"
}

# memory_row SLOT -> "rss-MiB-before rss-MiB-after"
memory_row() {
    local slot=$1 before after length
    before=$(rss_kib "${PID[$slot]}")
    "$REDIS_BENCHMARK" -h 127.0.0.1 -p "${PORT[$slot]}" -c "$CLIENTS" -n "$MEMORY_ENTRIES" -P 64 -q \
        XADD mem '*' f "$VALUE" >/dev/null 2>>"$work/$slot/benchmark.log" || die "filling mem on $slot failed"
    # redis-benchmark rounds up to whole pipelines per client; trim the few extra entries away.
    cli "$slot" XTRIM mem MAXLEN "$MEMORY_ENTRIES" >/dev/null
    length=$(cli "$slot" XLEN mem)
    [[ $length == "$MEMORY_ENTRIES" ]] || echo "warning: $slot holds $length entries, expected $MEMORY_ENTRIES" >&2
    # A log rewrite in flight holds extra buffers; measure the steady state after it (bounded wait).
    for _ in $(seq 600); do
        cli "$slot" INFO persistence 2>/dev/null | grep -q '^aof_rewrite_in_progress:1' || break
        sleep 0.1
    done
    sleep 1
    after=$(rss_kib "${PID[$slot]}")
    awk -v b="$before" -v a="$after" 'BEGIN { printf "%.1f %.1f", b / 1024, a / 1024 }'
}

ratio() { awk -v a="$1" -v r="$2" 'BEGIN { if (r > 0) printf "%.2f", a / r; else print "-" }'; }

augur_is_standin=0
augur_label=augur
if [[ ! -x $AUGUR_BIN ]]; then
    augur_is_standin=1
    augur_label="augur(stand-in)"
    cat >&2 <<EOF
note: no Augur binary at '$AUGUR_BIN' (build it with 'swift build -c release --product augur' or set AUGUR_BIN).
      A second redis-server runs in Augur's place so the script can be exercised; the '$augur_label'
      column below measures redis-server, NOT Augur.
EOF
fi

echo "broker_bench: $(date -u +%FT%TZ), $(nproc) cores, $("$REDIS_SERVER" --version | cut -d' ' -f3), augur: $AUGUR_BIN"
echo "  XADD: $REQUESTS requests, $CLIENTS clients, ${VALUE_BYTES}-byte value; consumers: $CONSUMERS x COUNT 100 over" \
    "$CONSUME_ENTRIES entries; memory: $MEMORY_ENTRIES entries"

start_redis redis
start_augur augur

declare -A result=()
# add SLOT.ROW "ops cpu": collects one round's figures.
add() { result[$1]="${result[$1]:-}${result[$1]:+;}$2"; }
for round in $(seq "$REPEAT"); do
    for slot in redis augur; do
        echo "  round $round/$REPEAT: $slot ..." >&2
        # Plain assignments, so that `set -e` stops the run when a row fails.
        figures=$(xadd_row "$slot" 1)
        add "$slot.xadd" "$figures"
        figures=$(xadd_row "$slot" "$PIPELINE")
        add "$slot.xaddp" "$figures"
        figures=$(consume_row "$slot")
        add "$slot.consume" "$figures"
    done
done
stop_slot redis
stop_slot augur

# Fresh servers for memory, so the throughput rows' keys and allocator history don't count.
start_redis redis-mem
start_augur augur-mem
result[redis.memory]=$(memory_row redis-mem)
result[augur.memory]=$(memory_row augur-mem)
stop_slot redis-mem
stop_slot augur-mem

# field KEY COLUMN: the median over the rounds of one column of a row.
field() {
    tr ';' '\n' <<<"${result[$1]}" | cut -d' ' -f"$2" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

rows=(
    "XADD, $CLIENTS clients, no pipeline (ops/s)|xadd|1"
    "XADD, $CLIENTS clients, -P $PIPELINE (ops/s)|xaddp|1"
    "XREADGROUP+XACK, $CONSUMERS consumers (entries/s)|consume|1"
    "server CPU per XADD, no pipeline (us)|xadd|2"
    "server CPU per XADD, -P $PIPELINE (us)|xaddp|2"
    "server CPU per consumed entry (us)|consume|2"
    "VmRSS empty (MiB)|memory|1"
    "VmRSS with $MEMORY_ENTRIES x ~100 B entries (MiB)|memory|2"
)
echo
printf '%-48s %14s %16s %8s\n' workload redis-server "$augur_label" ratio
csv="workload,redis-server,$augur_label,ratio"
for row in "${rows[@]}"; do
    IFS='|' read -r label key column <<<"$row"
    redis_value=$(field "redis.$key" "$column")
    augur_value=$(field "augur.$key" "$column")
    r=$(ratio "$augur_value" "$redis_value")
    printf '%-48s %14s %16s %8s\n' "$label" "$redis_value" "$augur_value" "$r"
    csv+=$'\n'"\"$label\",$redis_value,$augur_value,$r"
done
echo "(median of $REPEAT rounds; ratio = $augur_label / redis-server; higher is better for ops/s, lower for CPU and memory)"
if [[ -n ${BENCH_OUT:-} ]]; then
    printf '%s\n' "$csv" >"$BENCH_OUT"
    echo "results written to $BENCH_OUT"
fi
