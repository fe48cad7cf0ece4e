"""Producer and result reader for scripts/e2e.d/60-kafka (confluent-kafka; LD_LIBRARY_PATH gives librdkafka 2.16).

    60-kafka.py send PORT COUNT PRODUCERS IDFILE [SECONDS]
                                                   requests from PRODUCERS processes (spread over SECONDS)
    60-kafka.py check PORT IDFILE SECONDS          every id answered on augur.results (duplicates counted)
    60-kafka.py reply-to PORT                      a reply_to topic is honoured
    60-kafka.py cases PORT                         bad requests get the right error codes
    60-kafka.py dead PORT                          an undeliverable result dead-letters its request
    60-kafka.py diagnose PORT IDFILE               per partition: requests, answered, missing; group offsets
    60-kafka.py topics PORT                        the topic names, one a line
"""
import json
import multiprocessing
import sys
import time
import uuid
from collections import Counter

from confluent_kafka import Consumer, Producer, TopicPartition

ROW = "[5.1,3.5,1.4,0.2]"


def produce(brokers, ids, extra=(), value=ROW, seconds=0.0):
    """Sends one request per id, spread evenly over `seconds`."""
    p = Producer({"bootstrap.servers": brokers, "enable.idempotence": True})
    failures = []
    start = time.monotonic()
    for n, i in enumerate(ids):
        if seconds:
            time.sleep(max(0.0, start + seconds * n / len(ids) - time.monotonic()))
        p.produce("augur.requests", key=i, value=value, headers=[("id", i), ("model", "iris"), *extra],
                  on_delivery=lambda err, msg: err and failures.append(err))
        p.poll(0)
    p.flush(30)
    assert not failures, failures[:3]


def collect(brokers, topic, wanted, seconds):
    """Reads `topic` from the start until every id in `wanted` was seen or `seconds` passed; returns each record
    once. A pass that stops making progress for 10 s is followed by a fresh one from the start: a Tansu fetch
    can step over a batch written at the same moment as a later one (see scripts/lib/kafka.sh)."""
    answers, seen, read = [], set(), set()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not wanted <= seen:
        c = Consumer({"bootstrap.servers": brokers, "group.id": "e2e-" + uuid.uuid4().hex, "enable.auto.commit": False,
                      "fetch.wait.max.ms": 100})
        partitions = c.list_topics(topic, timeout=10).topics[topic].partitions
        c.assign([TopicPartition(topic, p, 0) for p in partitions])
        progress = time.monotonic()
        while time.monotonic() < min(deadline, progress + 10) and not wanted <= seen:
            for m in c.consume(1000, 0.5):
                if m.error() or (m.partition(), m.offset()) in read:
                    continue
                read.add((m.partition(), m.offset()))
                progress = time.monotonic()
                a = {k: (v.decode() if v is not None else None) for k, v in (m.headers() or [])}
                a["key"] = m.key().decode() if m.key() else None
                a["value"] = m.value().decode() if m.value() else None
                answers.append(a)
                seen.add(a.get("id"))
        c.close()
    return answers


def send(brokers, count, producers, idfile, seconds=0.0):
    ids = [str(uuid.uuid4()) for _ in range(count)]
    with open(idfile, "w") as f:
        f.write("\n".join(ids))
    workers = [multiprocessing.Process(target=produce, args=(brokers, ids[k::producers], (), ROW, seconds)) for k in range(producers)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
        assert w.exitcode == 0, "a producer failed"
    print(f"sent {count} requests from {producers} producers in {seconds or 'no'} s")


def check(brokers, idfile, seconds):
    ids = set(open(idfile).read().split())
    start = time.monotonic()
    answers = [a for a in collect(brokers, "augur.results", ids, seconds) if a.get("id") in ids]
    seen = Counter(a["id"] for a in answers)
    missing = ids - set(seen)
    duplicates = sum(n - 1 for n in seen.values())
    print(f"requests {len(ids)}, answered {len(seen)}, duplicates {duplicates}, missing {len(missing)} "
          f"(read in {time.monotonic() - start:.1f} s)")
    assert not missing, f"{len(missing)} requests never answered"
    bad = [a for a in answers if a.get("error") or a.get("version") != "1" or a["key"] != a["id"]
           or not a.get("latency_us") or not json.loads(a["value"])]
    assert not bad, f"bad answers: {bad[:3]}"


def reply_to(brokers):
    rid = str(uuid.uuid4())
    produce(brokers, [rid], [("reply_to", "e2e.replies")])
    got = collect(brokers, "e2e.replies", {rid}, 60)
    assert any(a.get("id") == rid and a.get("version") == "1" for a in got), f"no answer on e2e.replies: {got}"
    print("reply_to: answered on e2e.replies")


def cases(brokers):
    table = {
        "missing-model": ([], ROW, "missing_field"),
        "unknown-model": ([("model", "no-such-model")], ROW, "unknown_model"),
        "malformed-json": ([("model", "iris")], "[5.1,3.5", "malformed_json"),
        "wrong-width": ([("model", "iris")], "[5.1,3.5]", "bad_input_shape"),
        "bad-version": ([("model", "iris"), ("version", "one")], ROW, "malformed_json"),
        "no-inputs": ([("model", "iris")], None, "missing_field"),
        "expired": ([("model", "iris"), ("deadline_ms", "1000")], ROW, "deadline_expired"),
    }
    run = uuid.uuid4().hex[:8]
    p = Producer({"bootstrap.servers": brokers})
    for case_id, (headers, value, _) in table.items():
        p.produce("augur.requests", key=f"{case_id}-{run}", value=value, headers=[("id", f"{case_id}-{run}")] + headers)
    p.flush(30)
    wanted = {f"{c}-{run}" for c in table}
    got = {a["id"]: a for a in collect(brokers, "augur.results", wanted, 60) if a.get("id") in wanted}
    for case_id, (_, _, code) in table.items():
        answer = got.get(f"{case_id}-{run}")
        assert answer is not None, f"{case_id}: no answer"
        error = json.loads(answer["value"])
        assert answer.get("error") == code and error["code"] == code, f"{case_id}: expected {code}, got {answer}"
        print(f"{case_id}: {code}: {error['message']}")


def dead(brokers):
    rid = "dead-" + uuid.uuid4().hex[:8]
    produce(brokers, [rid], [("reply_to", "not a valid topic!")])
    got = [a for a in collect(brokers, "augur.dead", {rid}, 60) if a.get("id") == rid]
    assert got, "the request with an undeliverable result was not dead-lettered"
    letter = got[0]
    assert letter.get("error") == "max_deliveries" and letter["value"] == ROW, f"bad dead letter {letter}"
    print(f"dead letter: {letter['error']}: {letter.get('error_message')}")


def read_all(brokers, topic):
    """Every record of `topic` up to its current end, read without a group: (partition, offset, key, headers)."""
    c = Consumer({"bootstrap.servers": brokers, "group.id": "e2e-diagnose-" + uuid.uuid4().hex, "enable.auto.commit": False})
    partitions = c.list_topics(topic, timeout=10).topics[topic].partitions
    ends = {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10) for p in partitions}
    c.assign([TopicPartition(topic, p, ends[p][0]) for p in partitions])
    left = {p for p in partitions if ends[p][1] > ends[p][0]}
    records, deadline = [], time.monotonic() + 30
    while left and time.monotonic() < deadline:
        for m in c.consume(1000, 1.0):
            if m.error():
                continue
            headers = {k: (v.decode() if v is not None else None) for k, v in (m.headers() or [])}
            records.append((m.partition(), m.offset(), m.key().decode() if m.key() else None, headers))
            if m.offset() + 1 >= ends[m.partition()][1]:
                left.discard(m.partition())
    c.close()
    return records, ends


def diagnose(brokers, idfile, group="augur"):
    """On a failed check: which partitions the unanswered requests are in, and where the group's offsets are."""
    ids = set(open(idfile).read().split())
    requests, ends = read_all(brokers, "augur.requests")
    answered = {h.get("id") for _, _, _, h in read_all(brokers, "augur.results")[0]}
    c = Consumer({"bootstrap.servers": brokers, "group.id": group, "enable.auto.commit": False})
    committed = {tp.partition: tp.offset for tp in c.committed([TopicPartition("augur.requests", p) for p in ends], timeout=10)}
    c.close()
    stored = Counter(h.get("id") for _, _, _, h in requests if h.get("id") in ids)
    print(f"requests sent {len(ids)}, found on augur.requests {len(stored)} (duplicated {sum(n - 1 for n in stored.values())}), "
          f"not there at all {len(ids - set(stored))}, answered {len(ids & answered)}")
    for p in sorted(ends):
        mine = [(o, h.get("id")) for q, o, _, h in requests if q == p and h.get("id") in ids]
        missing = sorted(o for o, i in mine if i not in answered)
        span = f"offsets {missing[0]}..{missing[-1]}" if missing else ""
        print(f"augur.requests[{p}]: watermarks {ends[p]}, committed {committed.get(p)}, this run's requests {len(mine)}, "
              f"unanswered {len(missing)} {span}")


if __name__ == "__main__":
    command, port, *rest = sys.argv[1:]
    brokers = f"127.0.0.1:{port}"
    if command == "send":
        send(brokers, int(rest[0]), int(rest[1]), rest[2], float(rest[3]) if len(rest) > 3 else 0.0)
    elif command == "check":
        check(brokers, rest[0], float(rest[1]))
    elif command == "reply-to":
        reply_to(brokers)
    elif command == "cases":
        cases(brokers)
    elif command == "dead":
        dead(brokers)
    elif command == "topics":
        c = Consumer({"bootstrap.servers": brokers, "group.id": "e2e-topics"})
        print("\n".join(sorted(c.list_topics(timeout=10).topics)))
        c.close()
    elif command == "diagnose":
        diagnose(brokers, rest[0])
    else:
        sys.exit(f"unknown command {command}")
