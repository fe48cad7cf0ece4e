#!/usr/bin/env python3
"""Stream load driver for broker_bench.sh: fills a stream and drains it with parallel consumers.

The consumers must measure the server, not Python, so they avoid parsing entries one by one: the stream is
filled with ids 1-1 .. 1-N and one field `f` holding a fixed-size value, which fixes the byte layout of every
XREADGROUP reply. A consumer reads the entry count and the first id, computes the reply's length, checks the
last entry's id at its computed offset (a wrong layout fails loudly instead of miscounting), and acks the
whole batch with the XACK pipelined in front of its next XREADGROUP: one round trip per batch of 100.

  fill     HOST PORT KEY COUNT VALUE_BYTES     pipelined XADD KEY 1-i f <value>, i = 1..COUNT
  consume  HOST PORT KEY GROUP CONSUMERS VALUE_BYTES
           creates GROUP at 0, drains KEY with CONSUMERS processes (XREADGROUP COUNT 100 + XACK),
           prints "entries=<n> acked=<n> seconds=<s> rate=<entries per second>"
Only the standard library is used (no redis-py), so the client stays cheap and identical for both servers.
"""

import multiprocessing
import socket
import sys
import time

BATCH = 100


def command(*args):
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        self.pos = 0

    def send(self, data):
        self.sock.sendall(data)

    def need(self, count):
        """Makes buf[pos:pos+count] available."""
        while len(self.buf) - self.pos < count:
            if self.pos > 0 and self.pos > len(self.buf) // 2:
                del self.buf[: self.pos]
                self.pos = 0
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("server closed the connection")
            self.buf += chunk

    def line(self):
        while True:
            end = self.buf.find(b"\r\n", self.pos)
            if end >= 0:
                text = bytes(self.buf[self.pos : end])
                self.pos = end + 2
                return text
            self.need(len(self.buf) - self.pos + 1)

    def expect_prefix(self, prefix):
        text = self.line()
        if text[:1] == b"-":
            raise RuntimeError("server error: " + text[1:].decode(errors="replace"))
        if text[:1] != prefix:
            raise RuntimeError("unexpected reply %r" % text[:80])
        return text[1:]

    def integer(self):
        return int(self.expect_prefix(b":"))

    def simple(self):
        return self.expect_prefix(b"+")


def entry_length(index, value_bytes):
    ident = b"1-%d" % index
    head = b"*2\r\n$%d\r\n%s\r\n*2\r\n$1\r\nf\r\n$%d\r\n" % (len(ident), ident, value_bytes)
    return len(head) + value_bytes + 2


def fill(host, port, key, count, value_bytes):
    conn = Connection(host, port)
    value = (b"v" * value_bytes)
    sent = 0
    while sent < count:
        batch = min(1000, count - sent)
        conn.send(b"".join(command(b"XADD", key, b"1-%d" % (sent + i + 1), b"f", value) for i in range(batch)))
        for _ in range(batch):
            conn.expect_prefix(b"$")
            conn.line()
        sent += batch


def read_batch(conn, value_bytes):
    """Reads one XREADGROUP reply; returns (first index, entry count), (0, 0) when the stream is drained."""
    head = conn.expect_prefix(b"*")
    if head == b"-1" or head == b"0":
        return 0, 0
    conn.expect_prefix(b"*")  # [key, entries]
    key_length = int(conn.expect_prefix(b"$"))
    conn.need(key_length + 2)
    conn.pos += key_length + 2
    count = int(conn.expect_prefix(b"*"))
    if count == 0:
        return 0, 0
    start = conn.pos
    conn.expect_prefix(b"*")
    conn.expect_prefix(b"$")
    first = int(conn.line().split(b"-")[1])
    conn.pos = start
    total = sum(entry_length(first + i, value_bytes) for i in range(count))
    conn.need(total)
    last = first + count - 1
    last_start = start + total - entry_length(last, value_bytes)
    ident = b"1-%d" % last
    expected = b"*2\r\n$%d\r\n%s\r\n" % (len(ident), ident)
    if bytes(conn.buf[last_start : last_start + len(expected)]) != expected or conn.buf[start + total - 2 : start + total] != b"\r\n":
        raise RuntimeError("XREADGROUP reply does not have the layout of entries 1-%d..1-%d" % (first, last))
    conn.pos = start + total
    return first, count


def consumer(host, port, key, group, name, value_bytes, start, results):
    try:
        conn = Connection(host, port)
        read = command(b"XREADGROUP", b"GROUP", group, name, b"COUNT", BATCH, b"STREAMS", key, b">")
        ack_head = b"$4\r\nXACK\r\n" + b"$%d\r\n%s\r\n" % (len(key), key) + b"$%d\r\n%s\r\n" % (len(group), group)
        consumed = acked = 0
        pending = None
        start.wait()
        while True:
            if pending:
                first, count = pending
                ids = b"".join(b"$%d\r\n1-%d\r\n" % (len(b"1-%d" % i), i) for i in range(first, first + count))
                conn.send(b"*%d\r\n" % (3 + count) + ack_head + ids + read)
                acked += conn.integer()
            else:
                conn.send(read)
            first, count = read_batch(conn, value_bytes)
            if count == 0:
                break
            consumed += count
            pending = (first, count)
        results.put((consumed, acked, None))
    except Exception as error:  # reported by the parent
        results.put((0, 0, "%s: %s" % (name.decode(), error)))


def consume(host, port, key, group, consumers, value_bytes):
    admin = Connection(host, port)
    admin.send(command(b"XGROUP", b"CREATE", key, group, b"0"))
    admin.simple()
    start = multiprocessing.Event()
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=consumer, args=(host, port, key, group, b"c%d" % i, value_bytes, start, results), daemon=True
        )
        for i in range(consumers)
    ]
    for worker in workers:
        worker.start()
    time.sleep(0.2)  # let every worker connect before the clock starts
    began = time.perf_counter()
    start.set()
    outcomes = [results.get() for _ in workers]
    seconds = time.perf_counter() - began
    for worker in workers:
        worker.join()
    errors = [error for _, _, error in outcomes if error]
    if errors:
        raise SystemExit("consumer failed: " + "; ".join(errors))
    consumed = sum(c for c, _, _ in outcomes)
    acked = sum(a for _, a, _ in outcomes)
    print("entries=%d acked=%d seconds=%.3f rate=%.1f" % (consumed, acked, seconds, consumed / seconds))


def main(argv):
    if len(argv) >= 6 and argv[1] == "fill":
        fill(argv[2], int(argv[3]), argv[4].encode(), int(argv[5]), int(argv[6]))
    elif len(argv) >= 8 and argv[1] == "consume":
        consume(argv[2], int(argv[3]), argv[4].encode(), argv[5].encode(), int(argv[6]), int(argv[7]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
