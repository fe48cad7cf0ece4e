"""Scenario steps for consumer groups: XGROUP, XREADGROUP, XPENDING, XACK, XCLAIM, XAUTOCLAIM."""

from compat_session import scrub_pending_idle


def groups_setup(s):
    s.call("XGROUP", "CREATE", "g", "grp", "$")
    s.call("XGROUP", "CREATE", "g", "grp", "$", "MKSTREAM")
    s.call("XGROUP", "CREATE", "g", "grp", "$", "MKSTREAM")  # BUSYGROUP
    s.call("TYPE", "g")
    s.call("XLEN", "g")
    for i in range(1, 8):
        s.call("XADD", "g", f"{i}-0", "n", str(i))
    s.call("XGROUP", "CREATE", "g", "from0", "0")
    s.call("XGROUP", "CREATE", "g", "mid", "3-0", "ENTRIESREAD", "3")
    s.call("XGROUP", "CREATE", "g", "bad", "nope")
    s.call("XGROUP", "CREATE", "g", "bad2", "0", "ENTRIESREAD", "-5")
    s.call("XGROUP", "CREATE", "g", "bad3", "0", "ENTRIESREAD")
    s.call("XGROUP", "CREATE", "g")
    s.call("XGROUP", "CREATECONSUMER", "g", "grp", "alice")
    s.call("XGROUP", "CREATECONSUMER", "g", "grp", "alice")
    s.call("XGROUP", "CREATECONSUMER", "g", "nogroup", "alice")
    s.call("XGROUP", "CREATECONSUMER", "nosuchkey", "grp", "alice")
    s.call("XGROUP", "DELCONSUMER", "g", "grp", "nobody")
    s.call("XGROUP", "SETID", "g", "grp", "0")
    s.call("XGROUP", "SETID", "g", "grp", "0", "ENTRIESREAD", "0")
    s.call("XGROUP", "SETID", "g", "nogroup", "0")
    s.call("XGROUP", "SETID", "g", "grp", "bad")
    s.call("XGROUP", "NOSUCHSUB", "g")
    s.call("XGROUP", "HELP", post=lambda r: b"<help>" if isinstance(r, list) else r)
    s.xinfo("GROUPS", "g")


def reading_groups(s):
    s.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "2", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "grp", "bob", "COUNT", "2", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "g", "0")       # alice's history
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "g", "1-0")     # history after 1-0
    s.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "g", "0")
    s.call("XREADGROUP", "GROUP", "grp", "carol", "STREAMS", "g", "0")       # new consumer, empty history
    s.call("XREADGROUP", "GROUP", "grp", "alice", "NOACK", "COUNT", "1", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "nogrp", "alice", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "nosuchkey", ">")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "g", "$")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "g")
    s.call("XREADGROUP", "GROUP", "grp", "STREAMS", "g", ">")
    s.call("XREADGROUP", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "BLOCK", "30", "STREAMS", "g", "0")  # history never blocks
    s.call("XREADGROUP", "GROUP", "from0", "dave", "STREAMS", "g", ">")
    s.call("XREADGROUP", "GROUP", "from0", "dave", "BLOCK", "30", "STREAMS", "g", ">")  # times out
    s.call("XREADGROUP", "GROUP", "mid", "erin", "COUNT", "10", "STREAMS", "g", ">")
    s.xinfo("GROUPS", "g")
    s.xinfo("CONSUMERS", "g", "grp")
    s.xinfo("CONSUMERS", "g", "nosuchgroup")
    s.call("XDEL", "g", "2-0")
    s.call("XREADGROUP", "GROUP", "grp", "alice", "STREAMS", "g", "0")       # deleted entry shows as nil
    s.call("XREADGROUP", "GROUP", "grp", "frank", "STREAMS", "g", ">")       # nothing new is left after this
    s.blocked(("XREADGROUP", "GROUP", "grp", "frank", "BLOCK", "0", "STREAMS", "g", ">"),
              lambda: s.call("XADD", "g", "8-0", "n", "8"))
    s.blocked(("XREADGROUP", "GROUP", "grp", "frank", "BLOCK", "10000", "NOACK", "STREAMS", "g", ">"),
              lambda: s.call("XADD", "g", "9-0", "n", "9"))
    # Two consumers blocked on one group: one new entry goes to the first to block, the next to the second.
    s.call("XGROUP", "CREATE", "fair", "grp", "$", "MKSTREAM")
    s.blocked_many([("XREADGROUP", "GROUP", "grp", "first", "BLOCK", "10000", "STREAMS", "fair", ">"),
                    ("XREADGROUP", "GROUP", "grp", "second", "BLOCK", "10000", "STREAMS", "fair", ">")],
                   lambda: (s.call("XADD", "fair", "1-1", "n", "1"), s.call("XADD", "fair", "2-1", "n", "2")))
    # Plain readers blocked on one stream all see the same new entry.
    s.blocked_many([("XREAD", "BLOCK", "10000", "STREAMS", "fair", "$"),
                    ("XREAD", "BLOCK", "10000", "STREAMS", "fair", "$")],
                   lambda: s.call("XADD", "fair", "3-1", "n", "3"))
    s.call("XGROUP", "SETID", "fair", "grp", "$")
    s.call("XADD", "fair", "4-1", "n", "4")
    s.call("XREADGROUP", "GROUP", "grp", "first", "STREAMS", "fair", "g", ">", ">")   # two streams at once
    s.call("XGROUP", "SETID", "g", "from0", "0", "ENTRIESREAD", "0")
    s.xinfo("GROUPS", "g")
    s.call("XGROUP", "CREATE", "gone", "grp", "$", "MKSTREAM")
    s.blocked(("XREADGROUP", "GROUP", "grp", "zed", "BLOCK", "10000", "STREAMS", "gone", ">"),
              lambda: s.call("DEL", "gone"))
    s.call("XGROUP", "CREATE", "gone2", "grp", "$", "MKSTREAM")
    s.blocked(("XREADGROUP", "GROUP", "grp", "zed", "BLOCK", "10000", "STREAMS", "gone2", ">"),
              lambda: s.call("XGROUP", "DESTROY", "gone2", "grp"))


def pending_and_acks(s):
    s.call("XPENDING", "g", "grp")
    s.call("XPENDING", "g", "grp", "-", "+", "10", post=scrub_pending_idle)
    s.call("XPENDING", "g", "grp", "-", "+", "10", "alice", post=scrub_pending_idle)
    s.call("XPENDING", "g", "grp", "(1-0", "+", "1", post=scrub_pending_idle)
    s.call("XPENDING", "g", "grp", "IDLE", "0", "-", "+", "10", post=scrub_pending_idle)
    s.call("XPENDING", "g", "grp", "IDLE", "100000000", "-", "+", "10")
    s.call("XPENDING", "g", "grp", "-", "+", "0")
    s.call("XPENDING", "g", "grp", "-", "+", "-1")
    s.call("XPENDING", "g", "grp", "-", "+")
    s.call("XPENDING", "g", "grp", "IDLE", "x", "-", "+", "10")
    s.call("XPENDING", "g", "nogrp")
    s.call("XPENDING", "nosuchkey", "grp")
    s.call("XPENDING", "g", "from0")
    s.call("XPENDING", "g", "mid")
    s.call("XACK", "g", "grp", "1-0", "3-0", "99-0")
    s.call("XACK", "g", "grp", "1-0")
    s.call("XACK", "g", "nogrp", "1-0")
    s.call("XACK", "nosuchkey", "grp", "1-0")
    s.call("XACK", "g", "grp", "bad")
    s.call("XACK", "g", "grp")
    s.call("XPENDING", "g", "grp")


def claiming(s):
    for i in range(1, 7):
        s.call("XADD", "c", f"{i}-0", "n", str(i))
    s.call("XGROUP", "CREATE", "c", "cg", "0")
    s.call("XREADGROUP", "GROUP", "cg", "alice", "STREAMS", "c", ">")
    s.call("XCLAIM", "c", "cg", "bob", "100000000", "1-0")                   # not idle long enough
    s.call("XCLAIM", "c", "cg", "bob", "0", "1-0", "2-0")
    s.call("XCLAIM", "c", "cg", "bob", "0", "3-0", "JUSTID")
    s.call("XCLAIM", "c", "cg", "bob", "0", "4-0", "IDLE", "500000")
    s.call("XPENDING", "c", "cg", "IDLE", "400000", "-", "+", "10", post=scrub_pending_idle)
    s.call("XCLAIM", "c", "cg", "bob", "0", "5-0", "TIME", "1")
    s.call("XCLAIM", "c", "cg", "bob", "0", "6-0", "RETRYCOUNT", "7")
    s.call("XPENDING", "c", "cg", "-", "+", "10", post=scrub_pending_idle)
    s.call("XCLAIM", "c", "cg", "bob", "0", "99-0")                          # not pending, no FORCE
    s.call("XADD", "c", "99-0", "n", "99")
    s.call("XCLAIM", "c", "cg", "bob", "0", "99-0", "FORCE")
    s.call("XCLAIM", "c", "cg", "bob", "0", "100-0", "FORCE")                # FORCE needs the entry to exist
    s.call("XCLAIM", "c", "cg", "carol", "0", "1-0", "JUSTID", "LASTID", "50-0")
    s.xinfo("GROUPS", "c")
    s.call("XCLAIM", "c", "cg", "carol", "0", "1-0", "JUSTID", "LASTID", "bad")
    s.call("XCLAIM", "c", "cg", "carol", "x", "1-0")
    s.call("XCLAIM", "c", "cg", "carol", "-1", "1-0")
    s.call("XCLAIM", "c", "cg", "carol", "0", "bad")
    s.call("XCLAIM", "c", "cg", "carol", "0", "1-0", "IDLE", "x")
    s.call("XCLAIM", "c", "cg", "carol", "0", "1-0", "RETRYCOUNT", "-1")
    s.call("XCLAIM", "c", "cg", "carol", "0", "1-0", "NOSUCHOPTION")
    s.call("XCLAIM", "c", "nogrp", "carol", "0", "1-0")
    s.call("XCLAIM", "nosuchkey", "cg", "carol", "0", "1-0")
    s.call("XCLAIM", "c", "cg", "carol", "0")
    s.call("XDEL", "c", "2-0")
    s.call("XCLAIM", "c", "cg", "dave", "0", "2-0", "3-0")                   # deleted entry leaves the PEL
    s.call("XPENDING", "c", "cg", "-", "+", "10", post=scrub_pending_idle)
    s.call("XDEL", "c", "4-0")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "0", "COUNT", "2")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "0-0", "COUNT", "2", "JUSTID")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "(1-0", "JUSTID")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "100000000", "0")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "-", "COUNT", "100")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "0", "COUNT", "0")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "0", "COUNT", "x")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0", "bad")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "-1", "0")
    s.call("XAUTOCLAIM", "c", "nogrp", "erin", "0", "0")
    s.call("XAUTOCLAIM", "nosuchkey", "cg", "erin", "0", "0")
    s.call("XAUTOCLAIM", "c", "cg", "erin", "0")
    s.call("XPENDING", "c", "cg")
    s.xinfo("CONSUMERS", "c", "cg")
    s.call("XGROUP", "DELCONSUMER", "c", "cg", "erin")
    s.call("XPENDING", "c", "cg")
    s.call("XGROUP", "DESTROY", "c", "cg")
    s.call("XGROUP", "DESTROY", "c", "cg")
    s.call("XGROUP", "DESTROY", "nosuchkey", "cg")
