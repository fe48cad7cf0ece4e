"""Scenario steps for the connection and keyspace commands (PING … FLUSHALL, SCAN, arity errors)."""

from resp_typed import Array, Bulk
from compat_session import scrub_hello


def connection_commands(s):
    s.call("PING")
    s.call("PING", "hello")
    s.call("PING", "a", "b")
    s.call("ECHO", "hi there")
    s.call("ECHO")
    s.call("ECHO", "a", "b")
    s.call("SELECT", "0")
    s.call("SELECT", "notanumber")
    s.call("CLIENT", "SETNAME", "compat-client")
    s.call("CLIENT", "GETNAME")
    s.call("CLIENT", "SETNAME", "has space")
    s.call("CLIENT", "GETNAME")
    s.call("CLIENT", "ID", post=lambda r: b"<client-id>" if isinstance(r, int) else r)
    s.call("CLIENT", "SETINFO", "LIB-NAME", "compat", tag="since-7.2")
    s.call("CLIENT", "SETINFO", "LIB-VER", "1.0", tag="since-7.2")
    s.call("CLIENT", "NOSUCHSUB")
    s.call("AUTH", "secret")
    s.call("AUTH", "default", "secret")
    s.call("AUTH")
    s.call("HELLO", str(s.protocol), "AUTH", "default", "whatever", "SETNAME", "hello-name", post=scrub_hello)
    s.call("CLIENT", "GETNAME")
    s.call("HELLO", "4")
    s.call("HELLO", "notanumber")
    s.call("HELLO", post=scrub_hello)
    s.call("HELLO", str(s.protocol), "SETNAME", "bad name")
    s.call("NOSUCHCOMMAND", "arg1", "arg2")
    s.call("nosuchcommand")
    s.call("DBSIZE")
    s.call("DBSIZE", "extra")


def keyspace(s):
    s.call("DBSIZE")
    s.call("EXISTS", "g", "g", "nosuchkey", "s1")
    s.call("EXISTS")
    s.call("TYPE", "g")
    s.call("TYPE", "nosuchkey")
    s.call("TYPE")
    s.call("KEYS", "*", post=sorted_list)
    s.call("KEYS", "s*", post=sorted_list)
    s.call("KEYS", "?", post=sorted_list)
    s.call("KEYS", "[gc]", post=sorted_list)
    s.call("KEYS", "nomatch*")
    s.call("KEYS")
    scan_all(s, ())
    scan_all(s, ("MATCH", "s*"))
    scan_all(s, ("COUNT", "2"))
    scan_all(s, ("TYPE", "stream"))
    scan_all(s, ("TYPE", "string"))
    scan_all(s, ("MATCH", "*", "COUNT", "1000", "TYPE", "stream"))
    s.call("SCAN", "notacursor")
    s.call("SCAN", "0", "COUNT", "0")
    s.call("SCAN", "0", "COUNT", "x")
    s.call("SCAN", "0", "BADOPT", "1")
    s.call("SCAN")
    s.call("DEL", "s1", "s1", "nosuchkey")
    s.call("DEL", "nosuchkey")
    s.call("DEL")
    s.call("EXISTS", "s1")
    s.call("DBSIZE")
    s.call("FLUSHDB")
    s.call("DBSIZE")
    s.call("XADD", "x", "1-1", "f", "v")
    s.call("FLUSHDB", "SYNC")
    s.call("FLUSHDB", "BADARG")
    s.call("XADD", "x", "1-1", "f", "v")
    s.call("FLUSHALL", "SYNC")
    s.call("FLUSHALL", "BADARG")
    s.call("DBSIZE")
    s.call("KEYS", "*")


def sorted_list(reply):
    return type(reply)(sorted(reply)) if isinstance(reply, list) else reply


def scan_all(s, options):
    """SCAN until the cursor returns to 0; records the sorted union of keys (cursors are server-specific)."""
    cursor, seen, rounds = b"0", set(), 0
    while True:
        reply = s.raw("SCAN", cursor, *options)
        if not isinstance(reply, list) or len(reply) != 2:
            s.record(("SCAN", "<cursor>", *options), reply)
            return
        cursor, keys = reply
        seen.update(bytes(k) for k in keys)
        rounds += 1
        if cursor == b"0" or rounds > 10000:
            break
    s.record(("SCAN", "<full-iteration>", *options), Array([Bulk(cursor), Array(Bulk(k) for k in sorted(seen))]))


def arity(s):
    for command in ("XACK", "XCLAIM", "XAUTOCLAIM", "XPENDING", "XREADGROUP", "XREAD", "XGROUP", "XDEL", "XTRIM",
                    "XREVRANGE", "XRANGE", "XINFO", "XLEN", "XADD", "KEYS", "TYPE", "SELECT", "ECHO", "DEL", "EXISTS",
                    "CLIENT"):
        s.call(command)
