"""Scenario steps for stream writes and reads: XADD, XLEN, XRANGE, XREVRANGE, XREAD, XDEL, XTRIM, XINFO."""


def xadd_and_ids(s):
    s.call("XADD", "s1", "1-1", "f", "v")
    s.call("XADD", "s1", "1-2", "f", "v2", "g", "w")
    s.call("XADD", "s1", "1-2", "f", "v")            # equal to the top item
    s.call("XADD", "s1", "1-1", "f", "v")            # smaller than the top item
    s.call("XADD", "s1", "0-5", "f", "v")
    s.call("XADD", "fresh", "0-0", "f", "v")         # 0-0 is never valid
    s.call("XADD", "fresh", "0-1", "f", "v")
    s.call("XADD", "s1", "1-*", "f", "v")            # partial id: next sequence of ms 1
    s.call("XADD", "s1", "5-*", "f", "v")            # partial id: new ms starts at 0
    s.call("XADD", "s1", "5-*", "f", "v")
    s.call("XADD", "s1", "4-*", "f", "v")            # partial id below the top item
    s.call("XADD", "s1", "5", "f", "v")              # bare ms
    s.call("XADD", "maxed", "18446744073709551615-18446744073709551615", "f", "v")
    s.call("XADD", "maxed", "*", "f", "v")           # the top id is the maximum: no id left
    s.call("XADD", "maxed", "18446744073709551615-*", "f", "v")
    s.call("XADD", "big", "18446744073709551615-*", "f", "v")
    s.call("XADD", "big", "18446744073709551615-*", "f", "v")
    s.call("XADD", "s1", "abc", "f", "v")
    s.call("XADD", "s1", "1-x", "f", "v")
    s.call("XADD", "s1", "-1", "f", "v")
    s.call("XADD", "s1", "1-2-3", "f", "v")
    s.call("XADD", "s1", "*", "f")                   # odd field/value count
    s.call("XADD", "s1", "*")
    s.call("XADD", "s1")
    s.call("XADD", "s1", "9-1", "binary", b"\x00\x01\xff\r\n")
    s.call("XADD", "s1", "9-2", "empty", "")
    s.call("XADD", "s1", "9-3", "f", "1", "f", "2")  # duplicate fields are kept
    s.call("XADD", "missing", "NOMKSTREAM", "*", "f", "v")
    s.call("EXISTS", "missing")
    s.call("XADD", "s1", "NOMKSTREAM", "10-1", "f", "v")
    s.call("XADD", "gen", "*", "a", "1", gen_id=True)
    s.call("XADD", "gen", "*", "a", "2", gen_id=True)
    s.call("XADD", "gen", "*", "a", "3", gen_id=True)
    s.call("XRANGE", "gen", "-", "+")
    s.call("XLEN", "s1")
    s.call("XLEN", "gen")
    s.call("XLEN", "nosuchkey")
    s.call("XLEN")
    s.call("XLEN", "a", "b")
    s.call("XRANGE", "s1", "-", "+")


def xadd_trimming(s):
    for i in range(1, 11):
        s.call("XADD", "t", f"{i}-0", "n", str(i))
    s.call("XADD", "t", "MAXLEN", "5", "11-0", "n", "11")
    s.call("XRANGE", "t", "-", "+")
    s.call("XADD", "t", "MAXLEN", "=", "3", "12-0", "n", "12")
    s.call("XRANGE", "t", "-", "+")
    s.call("XADD", "t", "MINID", "11", "13-0", "n", "13")
    s.call("XRANGE", "t", "-", "+")
    s.call("XADD", "t", "MINID", "=", "12-0", "14-0", "n", "14")
    s.call("XRANGE", "t", "-", "+")
    s.call("XADD", "t", "MAXLEN", "0", "15-0", "n", "15")
    s.call("XLEN", "t")
    s.call("XADD", "t", "MAXLEN", "-1", "16-0", "n", "16")
    s.call("XADD", "t", "MAXLEN", "x", "16-0", "n", "16")
    s.call("XADD", "t", "MAXLEN", "=", "3", "LIMIT", "10", "16-0", "n", "16")  # LIMIT needs ~
    s.call("XADD", "t", "MAXLEN", "3", "MINID", "1", "16-0", "n", "16")
    s.call("XADD", "t", "LIMIT", "10", "16-0", "n", "16")
    s.call("XADD", "t", "NOMKSTREAM", "MAXLEN", "~", "100", "LIMIT", "5", "16-0", "n", "16")
    s.call("XLEN", "t")
    # Approximate trimming removes whole radix-tree nodes only (100 entries each by default in Redis).
    for i in range(1, 251):
        s.raw("XADD", "approx", f"{i}-1", "n", str(i))
    s.call("XADD", "approx", "MAXLEN", "~", "10", "LIMIT", "1", "251-1", "n", "251", tag="approx")
    s.call("XLEN", "approx", tag="approx")
    s.call("XADD", "approx", "MAXLEN", "~", "120", "252-1", "n", "252", tag="approx")
    s.call("XLEN", "approx", tag="approx")
    s.call("XTRIM", "approx", "MINID", "~", "240", tag="approx")
    s.call("XTRIM", "approx", "MAXLEN", "~", "0", tag="approx")
    s.call("XLEN", "approx", tag="approx")


def xrange_queries(s):
    for ms in (1, 2, 3):
        for seq in (0, 1, 2):
            s.raw("XADD", "r", f"{ms}-{seq}", "ms", str(ms), "seq", str(seq))
    s.call("XRANGE", "r", "-", "+")
    s.call("XRANGE", "r", "-", "+", "COUNT", "2")
    s.call("XRANGE", "r", "-", "+", "COUNT", "0")
    s.call("XRANGE", "r", "-", "+", "COUNT", "-1")
    s.call("XRANGE", "r", "2", "2")                  # incomplete ids: 2-0 .. 2-max
    s.call("XRANGE", "r", "2-1", "3")
    s.call("XRANGE", "r", "(2-1", "+")
    s.call("XRANGE", "r", "-", "(2-1")
    s.call("XRANGE", "r", "(2", "+")                 # exclusive incomplete start: after 2-0
    s.call("XRANGE", "r", "(2-2", "(3-0")
    s.call("XRANGE", "r", "(-", "+")
    s.call("XRANGE", "r", "-", "(+")
    s.call("XRANGE", "r", "(0-0", "(0-1")
    s.call("XRANGE", "r", "(18446744073709551615-18446744073709551615", "+")
    s.call("XRANGE", "r", "-", "(0-0")
    s.call("XRANGE", "r", "3", "1")
    s.call("XRANGE", "r", "x", "+")
    s.call("XRANGE", "r", "-", "+", "COUNT")
    s.call("XRANGE", "r", "-", "+", "COUNT", "x")
    s.call("XRANGE", "r", "-", "+", "LIMIT", "1")
    s.call("XRANGE", "r", "-")
    s.call("XRANGE", "nosuchkey", "-", "+")
    s.call("XREVRANGE", "r", "+", "-")
    s.call("XREVRANGE", "r", "+", "-", "COUNT", "4")
    s.call("XREVRANGE", "r", "3", "2")
    s.call("XREVRANGE", "r", "(3-1", "(1-1")
    s.call("XREVRANGE", "r", "-", "+")
    s.call("XREVRANGE", "r", "+", "(-")
    s.call("XREVRANGE", "nosuchkey", "+", "-")


def xread_and_blocking(s):
    s.call("XREAD", "STREAMS", "r", "0")
    s.call("XREAD", "COUNT", "2", "STREAMS", "r", "0-0")
    s.call("XREAD", "COUNT", "2", "STREAMS", "r", "2-1")
    s.call("XREAD", "COUNT", "1", "STREAMS", "r", "t", "1-0", "0")
    s.call("XREAD", "STREAMS", "r", "3-2")            # nothing newer
    s.call("XREAD", "STREAMS", "nosuchkey", "0")
    s.call("XREAD", "STREAMS", "r", "$")
    s.call("XREAD", "STREAMS", "r", "+", tag="since-7.4")
    s.call("XREAD", "STREAMS", "r")
    s.call("XREAD", "STREAMS", "r", "t", "0")
    s.call("XREAD", "COUNT", "x", "STREAMS", "r", "0")
    s.call("XREAD", "r", "0")
    s.call("XREAD", "STREAMS", "r", "bad")
    s.call("XREAD", "BLOCK", "-1", "STREAMS", "r", "0")
    s.call("XREAD", "BLOCK", "x", "STREAMS", "r", "0")
    s.call("XREAD", "BLOCK", "0", "STREAMS", "r", "0")  # data available: no blocking
    s.call("XREAD", "BLOCK", "30", "STREAMS", "r", "$")  # times out
    s.call("XREAD", "BLOCK", "30", "STREAMS", "nosuchkey", "0")
    s.call("XREAD", "BLOCK", "30", "COUNT", "5", "STREAMS", "r", "+", tag="since-7.4")

    s.blocked(("XREAD", "BLOCK", "0", "STREAMS", "blk", "$"),
              lambda: s.call("XADD", "blk", "1-1", "woke", "yes"))
    s.blocked(("XREAD", "BLOCK", "10000", "COUNT", "1", "STREAMS", "blk", "other", "$", "$"),
              lambda: s.call("XADD", "other", "7-7", "k", "v"))
    # A write to another key must not wake the reader; the second write does.
    s.blocked(("XREAD", "BLOCK", "10000", "STREAMS", "blk", "1-1"),
              lambda: (s.call("XADD", "unrelated", "1-1", "k", "v"), s.call("XADD", "blk", "2-1", "k", "v")))
    s.blocked(("XREAD", "BLOCK", "10000", "STREAMS", "blk", "$"),
              lambda: s.call("XADD", "blk", "*", "gen", "1", gen_id=True))


def deleting_and_trimming(s):
    for i in range(1, 11):
        s.call("XADD", "d", f"{i}-0", "n", str(i))
    s.call("XDEL", "d", "2-0", "4-0", "4-0", "99-0")
    s.call("XDEL", "d", "bad")
    s.call("XDEL", "d")
    s.call("XDEL", "nosuchkey", "1-0")
    s.call("XLEN", "d")
    s.call("XTRIM", "d", "MAXLEN", "6")
    s.call("XRANGE", "d", "-", "+")
    s.call("XTRIM", "d", "MAXLEN", "=", "5")
    s.call("XTRIM", "d", "MINID", "8")
    s.call("XTRIM", "d", "MINID", "=", "8-0")
    s.call("XRANGE", "d", "-", "+")
    s.call("XTRIM", "d", "MAXLEN", "100")
    s.call("XTRIM", "d", "MAXLEN", "=", "1", "LIMIT", "1")
    s.call("XTRIM", "d", "MAXLEN")
    s.call("XTRIM", "d", "MAXLEN", "-1")
    s.call("XTRIM", "d", "FOO", "1")
    s.call("XTRIM", "d")
    s.call("XTRIM", "nosuchkey", "MAXLEN", "0")
    s.call("XTRIM", "d", "MAXLEN", "0")
    s.call("EXISTS", "d")                      # an emptied stream still exists
    s.xinfo("STREAM", "d")
    s.call("XADD", "d", "10-0", "n", "x")      # ids stay monotonic after trimming to empty


def xinfo_views(s):
    s.xinfo("STREAM", "g")
    s.xinfo("STREAM", "g", "FULL")
    s.xinfo("STREAM", "g", "FULL", "COUNT", "2")
    s.xinfo("STREAM", "g", "FULL", "COUNT", "0")
    s.xinfo("STREAM", "d")
    s.xinfo("STREAM", "gen")
    s.xinfo("STREAM", "gen", "FULL")
    s.xinfo("STREAM", "nosuchkey")
    s.xinfo("STREAM", "g", "FULL", "COUNT")
    s.xinfo("STREAM", "g", "NOTFULL")
    s.xinfo("GROUPS", "g")
    s.xinfo("GROUPS", "nosuchkey")
    s.xinfo("CONSUMERS", "g", "grp")
    s.xinfo("CONSUMERS", "nosuchkey", "grp")
    s.xinfo("NOSUCHSUB", "g")
    s.call("XINFO")
    s.call("XINFO", "HELP", post=lambda r: b"<help>" if isinstance(r, list) else r)
    s.call("XGROUP", "CREATE", "e", "eg", "$", "MKSTREAM")
    s.xinfo("STREAM", "e", "FULL")
    s.call("XGROUP", "DESTROY", "e", "eg")
    s.xinfo("STREAM", "e")
