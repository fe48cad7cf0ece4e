"""The producers and checks of scripts/e2e.d/50-fleet (which runs them; this file is not a test of its own).

    50-fleet.py models DIR                      writes fleet-v1.onnx and fleet-v2.onnx into DIR
    50-fleet.py load PORT MODEL --producers N --count C [--rate R] [--kill PID --kill-consumer NAME --kill-after S]
    50-fleet.py swap PORT MODEL --augur BIN [--rate R]
    50-fleet.py bad PORT MODEL

The two models take rows of 4 floats and answer y = x0 + x1 + x2 + x3 + 100 * version, so every result's
outputs show which version really computed them. Each check prints one summary line and exits 1 on a failure.
"""

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

REQUESTS = "augur:requests"


# --- models -------------------------------------------------------------------------------------------

def write_models(out):
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    for version in (1, 2):
        weights = numpy_helper.from_array(np.ones((4, 1), dtype=np.float32), "W")
        bias = numpy_helper.from_array(np.array([100.0 * version], dtype=np.float32), "B")
        graph = helper.make_graph(
            [helper.make_node("Gemm", ["X", "W", "B"], ["y"])],
            f"fleet_v{version}",
            [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", 4])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 1])],
            [weights, bias],
        )
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        model.ir_version = 8
        path = os.path.join(out, f"fleet-v{version}.onnx")
        with open(path, "wb") as f:
            f.write(model.SerializeToString())
        print(path)


# --- requests and answers -----------------------------------------------------------------------------

def row(index):
    return [index % 7, index % 5, index % 3, 1]


def expected_output(index, version):
    return sum(row(index)) + 100.0 * version


def entry_ms(entry_id):
    return int(entry_id.split("-")[0])


class Answer:
    """One result as read from a reply stream, with the time (entry id ms) it was written."""

    def __init__(self, entry_id, fields):
        self.written_ms = entry_ms(entry_id)
        self.id = fields.get("id")
        self.version = int(fields["version"]) if fields.get("version") else None
        self.error = json.loads(fields["error"]) if "error" in fields else None
        self.outputs = json.loads(fields["outputs"]) if "outputs" in fields else None

    def value(self):
        return float(self.outputs[0]["data"][0])


class ReplyReader:
    """Reads a reply stream from the start; keeps the first answer per id and counts the repeats."""

    def __init__(self, r, stream):
        self.r, self.stream, self.last = r, stream, "0-0"
        self.answers, self.duplicates, self.entries = {}, 0, 0

    def poll(self, block_ms):
        got = self.r.xread({self.stream: self.last}, block=block_ms, count=2000) or []
        for _, entries in got:
            for entry_id, raw in entries:
                self.last = entry_id.decode()
                self.entries += 1
                answer = Answer(self.last, {k.decode(): v.decode() for k, v in raw.items()})
                if answer.id in self.answers:
                    self.duplicates += 1  # at-least-once: a redelivered request is answered again
                else:
                    self.answers[answer.id] = answer

    def collect(self, expected, deadline):
        while len(self.answers) < expected and time.monotonic() < deadline:
            self.poll(200)


def check_answer(index, answer, problems):
    """Outputs present, no error, and the value the named version computes."""
    if answer.error is not None or answer.outputs is None:
        problems.append(f"{answer.id}: error {answer.error}")
    elif answer.version not in (1, 2) or abs(answer.value() - expected_output(index, answer.version)) > 1e-3:
        problems.append(f"{answer.id}: version {answer.version} but outputs {answer.outputs}")


# --- load: producers that each read their own reply stream ---------------------------------------------

def produce(port, model, count, rate, report):
    """Sends `count` requests (paced at `rate`/s if > 0) while reading the answers; puts a summary on `report`."""
    import redis

    r = redis.Redis(port=port)
    reader = ReplyReader(redis.Redis(port=port), "e2e:fleet:" + uuid.uuid4().hex)
    tag = uuid.uuid4().hex[:8]
    ids = [f"{tag}-{i}" for i in range(count)]
    start, sent, chunk = time.monotonic(), 0, 100
    while sent < count:
        due = count if rate <= 0 else min(count, int((time.monotonic() - start) * rate) + chunk)
        if due > sent:
            pipe = r.pipeline(transaction=False)
            for i in range(sent, due):
                pipe.xadd(REQUESTS, {"id": ids[i], "model": model, "inputs": json.dumps(row(i)),
                                     "reply_to": reader.stream})
            pipe.execute()
            sent = due
        reader.poll(5)
    reader.collect(count, time.monotonic() + 45)
    problems = [f"{len(set(ids) - set(reader.answers))} of {count} unanswered"] if len(reader.answers) < count else []
    index = {cid: i for i, cid in enumerate(ids)}
    for cid, answer in reader.answers.items():
        if cid not in index:
            problems.append(f"answer for an id never sent: {cid}")
        else:
            check_answer(index[cid], answer, problems)
    r.delete(reader.stream)
    report.put((count, len(reader.answers), reader.duplicates, problems[:5]))


def run_load(args):
    report = multiprocessing.Queue()
    rate = args.rate / args.producers if args.rate else 0
    workers = [multiprocessing.Process(target=produce, args=(args.port, args.model, args.count, rate, report))
               for _ in range(args.producers)]
    started = time.monotonic()
    for w in workers:
        w.start()
    if args.kill:
        time.sleep(args.kill_after)
        held = kill_holding_requests(args.port, args.kill, args.kill_consumer)
        killed_at = time.monotonic() - started
    results = [report.get(timeout=120) for _ in workers]
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    sent = sum(r[0] for r in results)
    answered = sum(r[1] for r in results)
    duplicates = sum(r[2] for r in results)
    problems = [p for r in results for p in r[3]]
    pending = pending_after(args.port, 30)
    ok = not problems and answered == sent and pending == 0
    killed = ""
    if args.kill:
        killed = f", {args.kill_consumer} SIGKILLed at {killed_at:.1f} s holding {held} unacknowledged requests"
        ok = ok and held > 0
    print(f"{'PASS' if ok else 'FAIL'} {args.label}: {sent} requests from {args.producers} producers{killed}; "
          f"{answered} ids answered ({answered / elapsed:.0f}/s), {sent - answered} missing, "
          f"{duplicates} duplicates, {pending} left pending")
    for p in problems[:10]:
        print("   ", p)
    return 0 if ok else 1


def kill_holding_requests(port, pid, consumer):
    """SIGKILLs the daemon at a moment it holds read but unacknowledged requests, which another daemon must then
    claim and answer; returns how many. SIGSTOP freezes it to look: if it holds too few (a batch's worth at
    first, later any), it runs on for a moment."""
    import redis

    r = redis.Redis(port=port)
    for attempt in range(500):
        os.kill(pid, signal.SIGSTOP)
        held = sum(c["pending"] for c in r.xpending(REQUESTS, "augur")["consumers"] if c["name"].decode() == consumer)
        if held >= (8 if attempt < 150 else 1):
            os.kill(pid, signal.SIGKILL)
            return held
        os.kill(pid, signal.SIGCONT)
        time.sleep(0.003)
    os.kill(pid, signal.SIGKILL)
    return 0


def pending_after(port, seconds):
    """The group's pending count, once it reaches 0 or after `seconds`."""
    import redis

    r = redis.Redis(port=port)
    deadline = time.monotonic() + seconds
    while True:
        pending = r.xpending(REQUESTS, "augur")["pending"]
        if pending == 0 or time.monotonic() > deadline:
            return pending
        time.sleep(0.2)


# --- swap: activate v2 and roll back under steady load -------------------------------------------------

def run_swap(args):
    import redis

    r = redis.Redis(port=args.port)
    reader = ReplyReader(redis.Redis(port=args.port), "e2e:fleet:swap:" + uuid.uuid4().hex)
    enqueued = {}  # id -> (row index, request entry ms)
    stop = threading.Event()

    def load():
        start, sent, chunk = time.monotonic(), 0, 20
        while not stop.is_set():
            due = int((time.monotonic() - start) * args.rate)
            if due - sent >= chunk:
                pipe = r.pipeline(transaction=False)
                ids = [f"swap-{i}" for i in range(sent, due)]
                for i, cid in zip(range(sent, due), ids):
                    pipe.xadd(REQUESTS, {"id": cid, "model": args.model, "inputs": json.dumps(row(i)),
                                         "reply_to": reader.stream})
                for i, cid, entry_id in zip(range(sent, due), ids, pipe.execute()):
                    enqueued[cid] = (i, entry_ms(entry_id.decode()))
                sent = due
            else:
                time.sleep(0.002)

    def control(*command):
        before = time.time() * 1000
        done = subprocess.run([args.augur, "model", *command, "--broker", f"redis://127.0.0.1:{args.port}"],
                              capture_output=True, text=True, timeout=60)
        after = time.time() * 1000
        if done.returncode != 0:
            raise SystemExit(f"FAIL swap: `augur model {' '.join(command)}` exited {done.returncode}:\n"
                             f"{done.stdout}{done.stderr}")
        return before, after, done.stdout

    producer = threading.Thread(target=load)
    producer.start()
    try:
        time.sleep(1.0)
        t0, t1, _ = control("activate", args.model, "2", "--wait", "10")
        time.sleep(1.5)
        t2, t3, _ = control("rollback", args.model, "--wait", "10")
        time.sleep(1.0)
    finally:
        stop.set()
        producer.join()
    reader.collect(len(enqueued), time.monotonic() + 45)

    problems, windows = [], {"before activate": [0, 0], "between": [0, 0], "after rollback": [0, 0]}
    for cid, (index, sent_ms) in enqueued.items():
        answer = reader.answers.get(cid)
        if answer is None:
            problems.append(f"{cid}: unanswered")
            continue
        check_answer(index, answer, problems)
        # Entry ids are broker milliseconds; a 1 ms margin keeps rounding from deciding.
        if answer.written_ms < t0 - 1:
            window, want = "before activate", 1
        elif sent_ms > t1 + 1 and answer.written_ms < t2 - 1:
            window, want = "between", 2
        elif sent_ms > t3 + 1:
            window, want = "after rollback", 1
        else:
            continue  # in flight during a swap: either version is right
        windows[window][0] += 1
        if answer.version != want:
            windows[window][1] += 1
            problems.append(f"{cid}: {window} the swaps, answered by version {answer.version}, not {want}")
    status = json.loads(control("status", args.model, "--json")[2])
    serving = {d["name"]: d["state"].get(args.model, {}).get("version") for d in status["daemons"] if not d["stale"]}
    if len(serving) < 2 or set(serving.values()) != {1}:
        problems.append(f"after the rollback `augur model status` shows {serving}, not every daemon on version 1")
    errors = sum(1 for a in reader.answers.values() if a.error is not None)
    empty = [w for w, (n, _) in windows.items() if n == 0]
    if empty:
        problems.append(f"no requests fell in the window(s) {empty}; the check proved nothing there")
    r.delete(reader.stream)
    ok = not problems
    detail = "; ".join(f"{w}: {n} checked, {bad} wrong" for w, (n, bad) in windows.items())
    print(f"{'PASS' if ok else 'FAIL'} swap: {len(enqueued)} requests at {args.rate}/s across activate 2 "
          f"(took {t1 - t0:.0f} ms) and rollback (took {t3 - t2:.0f} ms); {len(reader.answers)} answered, "
          f"{errors} errors, {reader.duplicates} duplicates; {detail}; status after: "
          f"{len(serving)} daemons on {sorted(set(serving.values()))}")
    for p in problems[:10]:
        print("   ", p)
    return 0 if ok else 1


# --- bad: every error code, with the request's id, on its reply_to -------------------------------------

def run_bad(args):
    import redis

    r = redis.Redis(port=args.port)
    reader = ReplyReader(r, "e2e:fleet:bad:" + uuid.uuid4().hex)
    good = json.dumps(row(0))
    cases = {
        "missing_field": {"inputs": good},
        "malformed_json": {"model": args.model, "inputs": "[1, 2"},
        "unknown_model": {"model": "no-such-model", "inputs": good},
        "unknown_version": {"model": args.model, "version": "99", "inputs": good},
        "bad_input_shape": {"model": args.model, "inputs": "[1, 2]"},
        "bad_input_type": {"model": args.model,
                           "inputs": json.dumps([{"name": "X", "shape": [1, 4], "datatype": "BYTES",
                                                  "data": ["a", "b", "c", "d"]}])},
        "nan_input": {"model": args.model, "inputs": "[1, null, 3, 4]"},
        "deadline_expired": {"model": args.model, "inputs": good, "deadline_ms": "1"},
    }
    ids = {code: f"bad-{code}-{uuid.uuid4().hex[:6]}" for code in cases}
    for code, fields in cases.items():
        r.xadd(REQUESTS, {"id": ids[code], "reply_to": reader.stream, **fields})
    reader.collect(len(cases), time.monotonic() + 30)
    problems = []
    for code, cid in ids.items():
        answer = reader.answers.get(cid)
        if answer is None:
            problems.append(f"{code}: no answer with id {cid} on {reader.stream}")
        elif answer.error is None or answer.error.get("code") != code:
            problems.append(f"{code}: got {answer.error or answer.outputs}")
    strays = set(reader.answers) - set(ids.values())
    if strays:
        problems.append(f"answers with ids never sent: {sorted(strays)}")
    r.delete(reader.stream)
    ok = not problems
    print(f"{'PASS' if ok else 'FAIL'} bad input: {len(cases) - len(problems)}/{len(cases)} codes answered with "
          f"their code and id on reply_to ({', '.join(cases)})")
    for p in problems:
        print("   ", p)
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("models").add_argument("out")
    load = sub.add_parser("load")
    swap = sub.add_parser("swap")
    bad = sub.add_parser("bad")
    for p in (load, swap, bad):
        p.add_argument("port", type=int)
        p.add_argument("model")
    load.add_argument("--label", default="load")
    load.add_argument("--producers", type=int, default=4)
    load.add_argument("--count", type=int, default=2000, help="requests per producer")
    load.add_argument("--rate", type=float, default=0, help="total requests/s (0: as fast as possible)")
    load.add_argument("--kill", type=int, help="a daemon's PID to SIGKILL mid-load")
    load.add_argument("--kill-consumer", help="the killed daemon's consumer name")
    load.add_argument("--kill-after", type=float, default=1.0, help="seconds into the load")
    swap.add_argument("--augur", required=True)
    swap.add_argument("--rate", type=int, default=1000)
    args = parser.parse_args()
    if args.command == "models":
        return write_models(args.out)
    return {"load": run_load, "swap": run_swap, "bad": run_bad}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
