#!/usr/bin/env bash
# Runs both compatibility scenarios (streams_compat.py through redis-py over RESP2 and RESP3, and
# cli_compat.sh through redis-cli) against a real Redis and against the broker, then diffs them.
#
#   run_compat.sh REDIS_PORT BROKER_PORT
#
# Both servers are FLUSHALLed: use throwaway instances. Python comes from $AUGUR_PYTHON (default python3,
# which needs the redis package). Outputs stay in $COMPAT_OUT (default: a new temporary directory).
# Exits 0 when the broker matches Redis, 1 with the differences otherwise.
set -u

redis_port=${1:?usage: run_compat.sh REDIS_PORT BROKER_PORT}
broker_port=${2:?usage: run_compat.sh REDIS_PORT BROKER_PORT}
python=${AUGUR_PYTHON:-python3}
here=$(cd "$(dirname "$0")" && pwd)
out=${COMPAT_OUT:-$(mktemp -d)}
mkdir -p "$out"

if ! "$python" -c 'import redis' 2>/dev/null; then
    echo "run_compat.sh: $python cannot import redis (redis-py); set AUGUR_PYTHON to a Python that has it" >&2
    exit 2
fi
for port in "$redis_port" "$broker_port"; do
    if ! redis-cli -h 127.0.0.1 -p "$port" PING >/dev/null 2>&1; then
        echo "run_compat.sh: nothing answers PING on port $port" >&2
        exit 2
    fi
done

status=0
for side in redis:"$redis_port" broker:"$broker_port"; do
    name=${side%%:*}
    port=${side##*:}
    if ! "$python" "$here/streams_compat.py" --port "$port" --output "$out/streams-$name.jsonl"; then
        echo "run_compat.sh: streams_compat.py failed against $name (port $port)" >&2
        status=1
    fi
    "$here/cli_compat.sh" "$port" "$out/cli-$name.txt"
done

echo "== streams scenario (redis-py, RESP2 and RESP3)"
"$python" "$here/compat_diff.py" "$out/streams-redis.jsonl" "$out/streams-broker.jsonl" || status=1

echo "== redis-cli scenario"
if diff -u --label redis --label broker "$out/cli-redis.txt" "$out/cli-broker.txt"; then
    echo "$(grep -c '^###' "$out/cli-redis.txt") redis-cli steps identical"
else
    status=1
fi

echo "outputs in $out"
if [ "$status" -eq 0 ]; then echo "COMPATIBLE"; else echo "DIFFERENCES FOUND"; fi
exit "$status"
