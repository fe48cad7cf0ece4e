#!/usr/bin/env python3
"""An Augur client in a few lines of redis-py: put prediction requests on the request stream, read the
results from a reply stream of its own, and match them by correlation id.

    predict_client.py --port 6399 --model iris --row 5.1 3.5 1.4 0.2          # one request, prints the result
    predict_client.py --port 6399 --model iris --row 5.1 3.5 1.4 0.2 --count 2000 --in-flight 200

With --count it keeps --in-flight requests outstanding, then prints throughput and latency percentiles (from
sending a request to reading its result). It exits 1 if any request is unanswered within --timeout seconds,
answered twice, or answered with an error (unless --allow-errors). Works against `augur serve` over the
built-in broker or a real redis-server alike.
"""

import argparse
import json
import sys
import time
import uuid

import redis


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=6399)
    parser.add_argument("--password")
    parser.add_argument("--model", required=True)
    parser.add_argument("--version", help="a version to ask for; default: the active one")
    parser.add_argument("--row", type=float, nargs="+", required=True, help="one row of features")
    parser.add_argument("--count", type=int, default=1, help="requests to send (default 1)")
    parser.add_argument("--in-flight", type=int, default=100, help="requests outstanding at once (default 100)")
    parser.add_argument("--stream", default="augur:requests", help="the request stream")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for all results")
    parser.add_argument("--allow-errors", action="store_true", help="error results do not fail the run")
    return parser.parse_args()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


def main():
    args = parse_args()
    r = redis.Redis(host=args.host, port=args.port, password=args.password)
    reply_to = "client:" + uuid.uuid4().hex
    inputs = json.dumps(args.row)
    sent_at, answers, duplicates, errors = {}, {}, 0, []
    last_id, next_index = "0-0", 0
    start = time.monotonic()
    deadline = start + args.timeout

    def send(n):
        nonlocal next_index
        pipe = r.pipeline(transaction=False)
        for _ in range(n):
            cid = f"{next_index}-{uuid.uuid4().hex[:8]}"
            next_index += 1
            request = {"id": cid, "model": args.model, "inputs": inputs, "reply_to": reply_to}
            if args.version:
                request["version"] = args.version
            pipe.xadd(args.stream, request)
            sent_at[cid] = time.monotonic()
        pipe.execute()

    send(min(args.in_flight, args.count))
    while len(answers) < args.count and time.monotonic() < deadline:
        for _, entries in r.xread({reply_to: last_id}, block=1000, count=1000) or []:
            for entry_id, entry in entries:
                last_id = entry_id
                result = {k.decode(): v.decode() for k, v in entry.items()}
                cid = result.get("id")
                if cid in answers:
                    duplicates += 1  # at-least-once delivery: a redelivered request is answered again
                    continue
                answers[cid] = (time.monotonic() - sent_at.get(cid, start), result)
                if "error" in result:
                    errors.append(result)
        outstanding = next_index - len(answers)
        if next_index < args.count and outstanding < args.in_flight:
            send(min(args.in_flight - outstanding, args.count - next_index))
    elapsed = time.monotonic() - start
    r.delete(reply_to)

    if args.count == 1 and answers:
        print(json.dumps(next(iter(answers.values()))[1], indent=2))
    latencies = sorted(1000.0 * latency for latency, _ in answers.values())
    print(f"{len(answers)}/{args.count} answered in {elapsed:.2f} s ({len(answers) / elapsed:.0f}/s); "
          f"latency ms p50 {percentile(latencies, 50):.2f} p99 {percentile(latencies, 99):.2f}; "
          f"{len(errors)} errors, {duplicates} duplicates", file=sys.stderr)
    failed = len(answers) < args.count or (errors and not args.allow_errors)
    if errors and not args.allow_errors:
        print(f"first error: {errors[0]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
