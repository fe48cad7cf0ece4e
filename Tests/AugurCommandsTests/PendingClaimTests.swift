import Testing

@Suite("XACK, XPENDING, XCLAIM, XAUTOCLAIM")
struct PendingClaimTests {
    /// Three entries delivered to consumer c at t=1000.
    func delivered() -> EngineHarness {
        let h = EngineHarness(clock: TestClock(1000))
        h.r("XADD", "s", "1-0", "a", "1")
        h.r("XADD", "s", "2-0", "b", "2")
        h.r("XADD", "s", "3-0", "c", "3")
        h.r("XGROUP", "CREATE", "s", "g", "0")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        return h
    }

    @Test("XACK counts acknowledged ids and validates ids")
    func xack() {
        let h = delivered()
        #expect(h.r("XACK", "s", "g", "1-0", "1-0", "9-0") == .int(1))
        #expect(h.r("XACK", "s", "g", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XACK", "s", "nog", "2-0") == .int(0))
        #expect(h.r("XACK", "nokey", "g", "2-0") == .int(0))
        #expect(h.r("XPENDING", "s", "g") == .list([.int(2), .s("2-0"), .s("3-0"), .list([.list([.s("c"), .s("2")])])]))
    }

    @Test("XPENDING extended form with IDLE and consumer filter")
    func xpendingExtended() {
        let h = delivered()
        h.clock.milliseconds = 1500
        #expect(h.r("XPENDING", "s", "g", "-", "+", "2") == .list([
            .list([.s("1-0"), .s("c"), .int(500), .int(1)]), .list([.s("2-0"), .s("c"), .int(500), .int(1)]),
        ]))
        #expect(h.r("XPENDING", "s", "g", "IDLE", "600", "-", "+", "10") == .list([]))
        #expect(h.r("XPENDING", "s", "g", "IDLE", "100", "(1-0", "+", "10", "c") == .list([
            .list([.s("2-0"), .s("c"), .int(500), .int(1)]), .list([.s("3-0"), .s("c"), .int(500), .int(1)]),
        ]))
        #expect(h.r("XPENDING", "s", "g", "-", "+", "10", "nobody") == .list([]))
    }

    @Test("XPENDING errors")
    func xpendingErrors() {
        let h = delivered()
        #expect(h.r("XPENDING", "s", "nog") == .err("NOGROUP No such key 's' or consumer group 'nog'"))
        #expect(h.r("XPENDING", "nokey", "g") == .err("NOGROUP No such key 'nokey' or consumer group 'g'"))
        #expect(h.r("XPENDING", "s", "g", "-", "+") == .err("ERR syntax error"))
        #expect(h.r("XPENDING", "s", "g", "-", "+", "abc") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XPENDING", "s", "g", "IDLE", "abc", "-", "+", "1") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XPENDING", "s", "g", "foo") == .err("ERR syntax error"))
    }

    @Test("XCLAIM moves entries respecting min-idle, RETRYCOUNT, JUSTID and FORCE")
    func xclaim() {
        let h = delivered()
        h.clock.milliseconds = 2000
        #expect(h.r("XCLAIM", "s", "g", "d", "5000", "1-0") == .list([]))
        #expect(h.r("XCLAIM", "s", "g", "d", "500", "1-0") == .list([EngineHarness.entry("1-0", "a", "1")]))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "2-0", "JUSTID") == .list([.s("2-0")]))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "3-0", "RETRYCOUNT", "7", "IDLE", "300") == .list([EngineHarness.entry("3-0", "c", "3")]))
        #expect(h.r("XPENDING", "s", "g", "-", "+", "10") == .list([
            .list([.s("1-0"), .s("d"), .int(0), .int(2)]), .list([.s("2-0"), .s("d"), .int(0), .int(1)]),
            .list([.s("3-0"), .s("d"), .int(300), .int(7)]),
        ]))
        h.r("XACK", "s", "g", "1-0")
        #expect(h.r("XCLAIM", "s", "g", "e", "0", "1-0", "FORCE") == .list([EngineHarness.entry("1-0", "a", "1")]))
        #expect(h.r("XPENDING", "s", "g", "-", "1-0", "10") == .list([.list([.s("1-0"), .s("e"), .int(0), .int(2)])]))
    }

    @Test("XCLAIM drops deleted entries from the PEL and LASTID moves the group forward")
    func xclaimDeleted() {
        let h = delivered()
        h.r("XDEL", "s", "2-0")
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "2-0", "LASTID", "9-0") == .list([]))
        #expect(h.r("XPENDING", "s", "g") == .list([.int(2), .s("1-0"), .s("3-0"), .list([.list([.s("c"), .s("2")])])]))
        guard case .list(let groups) = h.r("XINFO", "GROUPS", "s") else { Issue.record("no groups"); return }
        #expect(groups[0]["last-delivered-id"] == .s("9-0"))
        #expect(groups[0]["consumers"] == .int(1))
    }

    @Test("XCLAIM errors")
    func xclaimErrors() {
        let h = delivered()
        #expect(h.r("XCLAIM", "s", "g", "d", "abc", "1-0") == .err("ERR Invalid min-idle-time argument for XCLAIM"))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "bad") == .err("ERR Unrecognized XCLAIM option 'bad'"))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "1-0", "IDLE", "abc") == .err("ERR Invalid IDLE option argument for XCLAIM"))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "1-0", "TIME", "abc") == .err("ERR Invalid TIME option argument for XCLAIM"))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "1-0", "RETRYCOUNT", "abc") == .err("ERR Invalid RETRYCOUNT option argument for XCLAIM"))
        #expect(h.r("XCLAIM", "s", "nog", "d", "0", "1-0") == .err("NOGROUP No such key 's' or consumer group 'nog'"))
        #expect(h.r("XCLAIM", "s", "g", "d", "0", "1-0", "LASTID", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XCLAIM", "s", "g", "d") == .err("ERR wrong number of arguments for 'xclaim' command"))
    }

    @Test("XAUTOCLAIM pages through the PEL and reports deleted ids")
    func xautoclaim() {
        let h = delivered()
        h.r("XDEL", "s", "2-0")
        h.clock.milliseconds = 3000
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "0", "COUNT", "1") == .list([.s("2-0"), .list([EngineHarness.entry("1-0", "a", "1")]), .list([])]))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "2-0", "JUSTID") == .list([.s("0-0"), .list([.s("3-0")]), .list([.s("2-0")])]))
        #expect(h.r("XPENDING", "s", "g", "-", "+", "10") == .list([
            .list([.s("1-0"), .s("d"), .int(0), .int(2)]), .list([.s("3-0"), .s("d"), .int(0), .int(1)]),
        ]))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "10", "0") == .list([.s("0-0"), .list([]), .list([])]))
    }

    @Test("XAUTOCLAIM errors")
    func xautoclaimErrors() {
        let h = delivered()
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "0", "COUNT", "0") == .err("ERR COUNT must be > 0"))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "0", "COUNT", "abc") == .err("ERR COUNT must be > 0"))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "0", "0", "foo") == .err("ERR syntax error"))
        #expect(h.r("XAUTOCLAIM", "s", "nog", "d", "0", "0") == .err("NOGROUP No such key 's' or consumer group 'nog'"))
        #expect(h.r("XAUTOCLAIM", "s", "g", "d", "abc", "0") == .err("ERR Invalid min-idle-time argument for XAUTOCLAIM"))
    }
}
