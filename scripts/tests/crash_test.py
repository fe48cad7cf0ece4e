#!/usr/bin/env python3
"""Crash test for the Augur broker: nothing acknowledged may be lost when the broker is killed.

Starts `augur broker --appendfsync always` (binary from $AUGUR_BIN, default `augur` on PATH) on a scratch
data directory, drives it with pipelined XADDs while a consumer group reads (XREADGROUP) and acknowledges
(XACK), kills the broker with SIGKILL in the middle of the load, restarts it on the same directory and checks:

  * every XADD whose reply arrived is in the stream, with its fields, in id order;
  * the group's last-delivered id covers every delivery whose reply arrived;
  * every delivered, un-acknowledged entry is in the PEL with its consumer and delivery count;
  * no entry whose XACK reply arrived is still pending; every consumer that got entries exists.

Operations whose reply did not arrive before the kill may or may not have happened; both are accepted.
Repeats for --rounds kill/restart cycles on the same data, so recovery of a recovered log is covered too.
Exits 1 on any loss, 2 when the broker cannot be started. Run with the python in $AUGUR_PYTHON.
"""

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import redis

STREAM = "crash:orders"
GROUP = "billing"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, binary, data_dir, log_path):
        self.binary = binary
        self.data_dir = data_dir
        self.log_path = log_path
        self.port = None
        self.process = None

    def start(self):
        self.port = free_port()
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "broker", "--port", str(self.port), "--data-dir", self.data_dir,
             "--appendfsync", "always", "--log-level", "notice"],
            stdout=log, stderr=log)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"broker exited with {self.process.returncode}; see {self.log_path}")
            try:
                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"broker did not answer PING within 30 s; see {self.log_path}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Ledger:
    """What clients saw acknowledged, and what was in flight when the broker died."""

    def __init__(self):
        self.lock = threading.Lock()
        self.added = {}            # id -> fields, reply received
        self.add_order = []        # ids in acknowledgement order (per producer they are increasing)
        self.delivered = {}        # id -> (consumer, count) for deliveries whose reply arrived
        self.acked = set()         # ids whose XACK reply arrived
        self.ack_in_flight = set() # ids in an XACK whose reply never came
        self.read_in_flight = set()  # consumers with an XREADGROUP whose reply never came
        self.max_delivered = (0, 0)


def parse_id(text):
    ms, seq = text.split("-")
    return int(ms), int(seq)


def producer(port, ledger, stop, name, batch):
    client = redis.Redis(port=port, socket_timeout=10)
    counter = 0
    while not stop.is_set():
        pipe = client.pipeline(transaction=False)
        fields_list = []
        for _ in range(batch):
            counter += 1
            fields = {"producer": name, "n": str(counter), "pad": "x" * random.randint(0, 64)}
            fields_list.append(fields)
            pipe.xadd(STREAM, fields)
        try:
            ids = pipe.execute()
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return
        with ledger.lock:
            for entry_id, fields in zip(ids, fields_list):
                entry_id = entry_id.decode()
                ledger.added[entry_id] = fields
                ledger.add_order.append(entry_id)


def consumer(port, ledger, stop, name):
    client = redis.Redis(port=port, socket_timeout=10)
    while not stop.is_set():
        try:
            with ledger.lock:
                ledger.read_in_flight.add(name)
            reply = client.xreadgroup(GROUP, name, {STREAM: ">"}, count=20, block=100)
            with ledger.lock:
                ledger.read_in_flight.discard(name)
                for _, entries in reply or []:
                    for entry_id, _ in entries:
                        entry_id = entry_id.decode()
                        ledger.delivered[entry_id] = (name, 1)
                        ledger.max_delivered = max(ledger.max_delivered, parse_id(entry_id))
            ids = [entry_id.decode() for _, entries in reply or [] for entry_id, _ in entries]
            to_ack = ids[::2]
            if to_ack:
                with ledger.lock:
                    ledger.ack_in_flight.update(to_ack)
                client.xack(STREAM, GROUP, *to_ack)
                with ledger.lock:
                    ledger.ack_in_flight.difference_update(to_ack)
                    ledger.acked.update(to_ack)
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return


def check(port, ledger):
    """Returns a list of problems; empty when nothing acknowledged was lost."""
    problems = []
    client = redis.Redis(port=port, socket_timeout=60, decode_responses=True)
    entries = client.xrange(STREAM, "-", "+")
    stored = {entry_id: fields for entry_id, fields in entries}
    ids = [entry_id for entry_id, _ in entries]
    if ids != sorted(ids, key=parse_id):
        problems.append("stream ids are not in order")
    missing = [entry_id for entry_id in ledger.added if entry_id not in stored]
    if missing:
        problems.append(f"{len(missing)} acknowledged XADD(s) missing, e.g. {missing[:5]}")
    changed = [i for i, f in ledger.added.items() if i in stored and stored[i] != f]
    if changed:
        problems.append(f"{len(changed)} entries have different fields, e.g. {changed[:3]}")

    groups = {g["name"]: g for g in client.xinfo_groups(STREAM)}
    group = groups.get(GROUP)
    if group is None:
        return problems + [f"group {GROUP} is missing"]
    last = parse_id(group["last-delivered-id"])
    if last < ledger.max_delivered:
        problems.append(f"last-delivered-id {group['last-delivered-id']} is behind delivered {ledger.max_delivered}")

    pending = client.xpending_range(STREAM, GROUP, "-", "+", 1_000_000)
    pel = {p["message_id"]: p for p in pending}
    for entry_id, (name, count) in ledger.delivered.items():
        if entry_id in ledger.acked:
            if entry_id in pel:
                problems.append(f"{entry_id} was acknowledged (XACK replied) but is pending again")
            continue
        if entry_id in ledger.ack_in_flight:
            continue
        item = pel.get(entry_id)
        if item is None:
            problems.append(f"delivered entry {entry_id} is missing from the PEL")
        elif item["consumer"] != name:
            problems.append(f"{entry_id} pending for {item['consumer']}, delivered to {name}")
        elif item["times_delivered"] < count:
            problems.append(f"{entry_id} delivery count {item['times_delivered']} < {count}")
    consumers = {c["name"] for c in client.xinfo_consumers(STREAM, GROUP)}
    for name in {name for name, _ in ledger.delivered.values()}:
        if name not in consumers:
            problems.append(f"consumer {name} is missing")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="kill/restart cycles (default 3)")
    parser.add_argument("--load-seconds", type=float, default=2.0, help="load before each kill (default 2)")
    parser.add_argument("--producers", type=int, default=3)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=50, help="XADDs per pipeline (default 50)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    binary = os.environ.get("AUGUR_BIN") or shutil.which("augur")
    if not binary:
        print("set AUGUR_BIN to the augur binary", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="augur-crash-")
    data_dir = os.path.join(work, "data")
    broker = Broker(binary, data_dir, os.path.join(work, "broker.log"))
    ledger = Ledger()
    failed = False
    try:
        broker.start()
        redis.Redis(port=broker.port).xgroup_create(STREAM, GROUP, id="0", mkstream=True)
        for round_number in range(1, args.rounds + 1):
            stop = threading.Event()
            threads = [threading.Thread(target=producer, args=(broker.port, ledger, stop, f"p{i}", args.batch))
                       for i in range(args.producers)]
            threads += [threading.Thread(target=consumer, args=(broker.port, ledger, stop, f"c{i}"))
                        for i in range(args.consumers)]
            for thread in threads:
                thread.start()
            time.sleep(args.load_seconds * random.uniform(0.7, 1.3))
            broker.kill()
            stop.set()
            for thread in threads:
                thread.join()
            broker.start()
            problems = check(broker.port, ledger)
            with ledger.lock:
                summary = (f"round {round_number}: {len(ledger.added)} acknowledged XADDs, "
                           f"{len(ledger.delivered)} deliveries, {len(ledger.acked)} XACKs")
            if problems:
                failed = True
                print(summary + " -> LOSS", flush=True)
                for problem in problems:
                    print("  " + problem, flush=True)
                break
            print(summary + " -> intact", flush=True)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        broker.stop()
        if args.keep or failed:
            print(f"data and broker log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
