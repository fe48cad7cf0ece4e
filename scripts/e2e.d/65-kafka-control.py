"""Checks for scripts/e2e.d/65-kafka-control (confluent-kafka; LD_LIBRARY_PATH gives librdkafka 2.16).

    65-kafka-control.py predict PORT MODEL VERSION COUNT [IDFILE]
                                                            COUNT requests for MODEL (no version): every result
                                                            names VERSION, and its output is what VERSION computes;
                                                            the ids go to IDFILE
    65-kafka-control.py status PORT AUGUR MODEL VERSION DAEMON…
                                                            `augur model status --json --kafka`: each DAEMON is live
                                                            and serves VERSION, and VERSION is the commanded one
    65-kafka-control.py swap PORT AUGUR MODEL OLD NEW RATE  requests at RATE/s while `augur model activate MODEL NEW`
                                                            then `rollback` run (--wait): every request answered, 0
                                                            errors, and each result's version fits the swap order
                                                            (OLD when answered before activate was issued, NEW when
                                                            sent after it was done and answered before rollback was
                                                            issued, OLD when sent after rollback was done)
    65-kafka-control.py topic PORT                          augur.control has one partition, and its records carry
                                                            the control fields as headers (a report's state as value)
    65-kafka-control.py log PORT IDFILE                     augur.log has a record per id, with the fields as headers
                                                            and the record's JSON as value

The model answers y = x0 + x1 + x2 + x3 + 100 * version (scripts/e2e.d/50-fleet.py writes it), so every result
shows which version really computed it. Each check prints one line and exits 1 on a failure.
"""
import json
import subprocess
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition


def reader(brokers):
    # A reader outside any group: it assigns partitions itself, so there is no group join to wait for.
    return Consumer({"bootstrap.servers": brokers, "group.id": "e2e-" + uuid.uuid4().hex, "enable.auto.commit": False})


def ends(consumer, topic):
    """{partition: (low, high)} of `topic`."""
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    return {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10) for p in partitions}


def records(consumer, topic, start, stop, seconds=30, with_time=False):
    """Records of `topic` from offsets `start` ({partition: offset}) until `stop(record)` or every partition's
    end as of the call when `stop` is None; yields (partition, offset, key, headers, value), plus the record's
    timestamp in Unix seconds `with_time`."""
    marks = ends(consumer, topic)
    consumer.assign([TopicPartition(topic, p, start.get(p, marks[p][0])) for p in marks])
    left = {p for p in marks if marks[p][1] > start.get(p, marks[p][0])}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (left if stop is None else True):
        for m in consumer.consume(500, 0.5):
            if m.error():
                continue
            headers = {k: (v.decode() if v is not None else None) for k, v in (m.headers() or [])}
            record = (m.partition(), m.offset(), m.key().decode() if m.key() else None, headers,
                      m.value().decode() if m.value() is not None else None)
            if with_time:
                record += (m.timestamp()[1] / 1000.0,)
            yield record
            if stop is not None and stop(record):
                return
            if m.offset() + 1 >= marks[m.partition()][1]:
                left.discard(m.partition())


def row(index):
    return [index % 7, index % 5, index % 3, 1]


def predict(brokers, model, version, count, idfile=None):
    c = reader(brokers)
    start = {p: high for p, (_, high) in ends(c, "augur.results").items()}
    ids = {f"ctl-{uuid.uuid4().hex[:12]}": i for i in range(count)}
    if idfile:
        with open(idfile, "w") as f:
            f.write("\n".join(ids))
    p = Producer({"bootstrap.servers": brokers})
    for rid, i in ids.items():
        p.produce("augur.requests", key=rid, value=json.dumps([row(i)]), headers=[("id", rid), ("model", model)])
    p.flush(30)
    answers = {}
    for _, _, _, headers, value in records(c, "augur.results", start, lambda r: ids.keys() <= answers.keys(), 60):
        if headers.get("id") in ids:
            answers[headers["id"]] = (headers, value)
    c.close()
    missing = ids.keys() - answers.keys()
    assert not missing, f"{len(missing)} of {count} requests not answered within 60 s"
    wrong = []
    for rid, (headers, value) in answers.items():
        expected = sum(row(ids[rid])) + 100.0 * version
        got = json.loads(value)[0]["data"][0] if not headers.get("error") else None
        if headers.get("version") != str(version) or got != expected:
            wrong.append((rid, headers.get("version"), headers.get("error"), got, expected))
    assert not wrong, f"{len(wrong)} results not from version {version}: {wrong[:3]}"
    print(f"predict: {count} requests answered, every result names version {version} and has its output")


def swap(augur, brokers, model, old, new, rate):
    import threading
    c = reader(brokers)
    start = {p: high for p, (_, high) in ends(c, "augur.results").items()}
    sent = {}  # id -> (row index, Unix send time)
    stop = threading.Event()

    def produce():
        p = Producer({"bootstrap.servers": brokers, "linger.ms": 1})
        i = 0
        began = time.monotonic()
        while not stop.is_set():
            rid = f"swap-{uuid.uuid4().hex[:12]}"
            sent[rid] = (i, time.time())
            p.produce("augur.requests", key=rid, value=json.dumps([row(i)]), headers=[("id", rid), ("model", model)])
            p.poll(0)
            i += 1
            time.sleep(max(0.0, began + i / rate - time.monotonic()))
        p.flush(30)

    def command(*words):
        issued = time.time()
        subprocess.run([augur, "model", *words, "--wait", "20", "--kafka", brokers], check=True, capture_output=True)
        return issued, time.time()

    producer = threading.Thread(target=produce)
    producer.start()
    time.sleep(2)
    activate = command("activate", model, str(new))
    time.sleep(2)
    rollback = command("rollback", model)
    time.sleep(2)
    stop.set()
    producer.join()
    answers = {}
    duplicates = 0
    for _, _, _, headers, value, written in records(c, "augur.results", start, lambda r: sent.keys() <= answers.keys(),
                                                    90, with_time=True):
        if headers.get("id") in sent:
            # At-least-once: a redelivered request may be answered again, later; the first answer is the one that counts.
            duplicates += headers["id"] in answers
            answers.setdefault(headers["id"], (headers, value, written))
    c.close()
    missing = sent.keys() - answers.keys()
    assert not missing, f"{len(missing)} of {len(sent)} requests not answered within 90 s"
    errors = [h.get("error") for h, _, _ in answers.values() if h.get("error")]
    assert not errors, f"{len(errors)} errors during the swaps: {errors[:3]}"
    windows = {"before activate": [0, 0], "between": [0, 0], "after rollback": [0, 0]}
    out_of_order = []
    for rid, (headers, value, written) in answers.items():
        index, at = sent[rid]
        version = int(headers["version"])
        assert json.loads(value)[0]["data"][0] == sum(row(index)) + 100.0 * version, f"{rid}: output is not version {version}'s"
        # As in 50-fleet: answered before the activate was issued, sent after it was done and answered before the
        # rollback was issued, sent after the rollback was done; a request in flight during a swap may get either.
        # Record timestamps are milliseconds: a 1 ms margin keeps rounding from deciding.
        window, expected = (("before activate", old) if written < activate[0] - 0.001 else
                            ("between", new) if at > activate[1] and written < rollback[0] - 0.001 else
                            ("after rollback", old) if at > rollback[1] else (None, None))
        if window:
            windows[window][0] += 1
            windows[window][1] += version != expected
            if version != expected:
                out_of_order.append((rid, window, round(at - activate[1], 3), round(at - rollback[1], 3), version))
    wrong = sum(w[1] for w in windows.values())
    assert wrong == 0 and all(w[0] for w in windows.values()), f"versions out of swap order: {windows} {out_of_order[:5]}"
    print(f"swap: {len(sent)} requests at {rate}/s across activate {new} (took {activate[1] - activate[0]:.1f} s) and "
          f"rollback (took {rollback[1] - rollback[0]:.1f} s); all answered, 0 errors, {duplicates} duplicates; " +
          "; ".join(f"{k}: {v[0]} checked, {v[1]} wrong" for k, v in windows.items()))


def status(augur, brokers, model, version, daemons):
    out = subprocess.run([augur, "model", "status", model, "--json", "--kafka", brokers], check=True,
                         capture_output=True, text=True).stdout
    status = json.loads(out)
    serving = {d["name"]: (d["stale"], d["state"].get(model, {}).get("version")) for d in status["daemons"]}
    for daemon in daemons:
        assert serving.get(daemon) == (False, version), f"{daemon}: expected live on version {version}, got {serving}"
    commanded = status["commanded"].get(model, {}).get("stable")
    assert commanded == version, f"commanded stable version {commanded}, expected {version}"
    print(f"status: {', '.join(daemons)} live on {model} version {version}, the commanded version")


def topic(brokers):
    c = reader(brokers)
    marks = ends(c, "augur.control")
    assert len(marks) == 1, f"augur.control has {len(marks)} partitions, expected 1"
    kinds = {"command": 0, "report": 0}
    for _, offset, key, headers, value in records(c, "augur.control", {}, None):
        kind = headers.get("type")
        assert kind in kinds, f"offset {offset}: type {kind!r}"
        kinds[kind] += 1
        if kind == "command":
            assert {"op", "model", "command_id", "issued_ms"} <= headers.keys() and value is None, (offset, headers, value)
            assert key == "command:" + headers["command_id"], (offset, key)
        else:
            assert {"daemon", "issued_ms"} <= headers.keys() and isinstance(json.loads(value), dict), (offset, headers)
            assert key.startswith(("report:", "heartbeat:")), (offset, key)
    c.close()
    assert kinds["command"] and kinds["report"], kinds
    print(f"topic: augur.control has 1 partition, {kinds['command']} commands and {kinds['report']} reports, "
          f"fields as headers")


def log(brokers, idfile):
    ids = set(open(idfile).read().split())
    c = reader(brokers)
    seen = {}
    for _, _, key, headers, value in records(c, "augur.log", {}, lambda r: ids <= seen.keys(), 60):
        if headers.get("id") in ids:
            seen[headers["id"]] = (key, headers, json.loads(value))
    c.close()
    assert ids <= seen.keys(), f"{len(ids - seen.keys())} of {len(ids)} ids have no log record"
    for rid, (key, headers, line) in seen.items():
        assert key == rid and line["id"] == rid and headers.get("outcome") == "ok", (rid, headers, line)
        assert {"model", "version", "daemon", "enqueued_us", "written_us"} <= headers.keys(), headers
    print(f"log: {len(ids)} requests logged on augur.log with their fields")


if __name__ == "__main__":
    command, port, *rest = sys.argv[1:]
    brokers = f"127.0.0.1:{port}"
    if command == "predict":
        predict(brokers, rest[0], int(rest[1]), int(rest[2]), rest[3] if len(rest) > 3 else None)
    elif command == "status":
        status(rest[0], brokers, rest[1], int(rest[2]), rest[3:])
    elif command == "swap":
        swap(rest[0], brokers, rest[1], int(rest[2]), int(rest[3]), float(rest[4]))
    elif command == "topic":
        topic(brokers)
    elif command == "log":
        log(brokers, rest[0])
    else:
        sys.exit(f"unknown command {command}")
