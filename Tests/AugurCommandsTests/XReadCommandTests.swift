import AugurCommands
import Testing

@Suite("XREAD and XREADGROUP")
struct XReadCommandTests {
    func threeEntries() -> EngineHarness {
        let h = EngineHarness()
        h.r("XADD", "s", "1-0", "a", "1")
        h.r("XADD", "s", "2-0", "b", "2", "c", "3")
        h.r("XADD", "s", "3-0", "a", "4")
        return h
    }

    @Test("XREAD replies an array of [key, entries] in RESP2")
    func xreadResp2() {
        let h = threeEntries()
        #expect(h.r("XREAD", "COUNT", "1", "STREAMS", "s", "0") == .list([.list([.s("s"), .list([EngineHarness.entry("1-0", "a", "1")])])]))
        #expect(h.r("XREAD", "STREAMS", "s", "1") == .list([.list([.s("s"), .list([EngineHarness.entry("2-0", "b", "2", "c", "3"), EngineHarness.entry("3-0", "a", "4")])])]))
        #expect(h.r("XREAD", "STREAMS", "s", "$") == .nullList)
        #expect(h.r("XREAD", "STREAMS", "nokey", "0") == .nullList)
    }

    @Test("XREAD replies a map keyed by stream in RESP3")
    func xreadResp3() {
        let h = threeEntries()
        h.engine.setProtocol(3, for: 7)
        #expect(h.r("XREAD", "COUNT", "1", "STREAMS", "s", "0", client: 7) == .map([(.s("s"), .list([EngineHarness.entry("1-0", "a", "1")]))]))
    }

    @Test("XREAD + returns the last entry")
    func xreadPlus() {
        let h = threeEntries()
        #expect(h.r("XREAD", "STREAMS", "s", "+") == .list([.list([.s("s"), .list([EngineHarness.entry("3-0", "a", "4")])])]))
    }

    @Test("XREAD argument errors")
    func xreadErrors() {
        let h = threeEntries()
        #expect(h.r("XREAD", "STREAMS", "s") == .err("ERR wrong number of arguments for 'xread' command"))
        #expect(h.r("XREAD", "STREAMS", "s", "t", "0") == .err("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."))
        #expect(h.r("XREAD", "BLOCK", "-1", "STREAMS", "s", "0") == .err("ERR timeout is negative"))
        #expect(h.r("XREAD", "BLOCK", "abc", "STREAMS", "s", "0") == .err("ERR timeout is not an integer or out of range"))
        #expect(h.r("XREAD", "COUNT", "abc", "STREAMS", "s", "0") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XREAD", "STREAMS", "s", ">") == .err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."))
        #expect(h.r("XREAD", "foo", "STREAMS", "s", "0") == .err("ERR syntax error"))
        #expect(h.r("XREAD", "STREAMS", "s", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XREAD", "GROUP", "g", "c", "STREAMS", "s", "0") == .err("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead."))
    }

    @Test("XREADGROUP > delivers new entries once and records them as pending")
    func readGroupNew() {
        let h = threeEntries()
        h.r("XGROUP", "CREATE", "s", "g", "0")
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">") == .list([.list([.s("s"), .list([EngineHarness.entry("1-0", "a", "1")])])]))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0") == .list([.list([.s("s"), .list([EngineHarness.entry("1-0", "a", "1")])])]))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "1") == .list([.list([.s("s"), .list([])])]))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "NOACK", "STREAMS", "s", ">") == .list([.list([.s("s"), .list([EngineHarness.entry("2-0", "b", "2", "c", "3"), EngineHarness.entry("3-0", "a", "4")])])]))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">") == .nullList)
        #expect(h.r("XPENDING", "s", "g") == .list([.int(1), .s("1-0"), .s("1-0"), .list([.list([.s("c"), .s("1")])])]))
    }

    @Test("history reads bump the delivery count and show deleted entries as nil")
    func history() {
        let h = threeEntries()
        h.r("XGROUP", "CREATE", "s", "g", "0")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        h.r("XDEL", "s", "2-0")
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", "0") == .list([.list([.s("s"), .list([EngineHarness.entry("1-0", "a", "1"), .list([.s("2-0"), .nullList])])])]))
        #expect(h.r("XPENDING", "s", "g", "-", "+", "10") == .list([
            .list([.s("1-0"), .s("c"), .int(0), .int(2)]),
            .list([.s("2-0"), .s("c"), .int(0), .int(1)]),
            .list([.s("3-0"), .s("c"), .int(0), .int(1)]),
        ]))
    }

    @Test("XREADGROUP errors")
    func readGroupErrors() {
        let h = threeEntries()
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">") == .err("NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option"))
        h.r("XGROUP", "CREATE", "s", "g", "0")
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$") == .err("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "+") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XREADGROUP", "GROUP", "g", "STREAMS", "s", ">") == .err("ERR wrong number of arguments for 'xreadgroup' command"))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", ">") == .err("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", ">", ">") == .err("NOGROUP No such key 't' or consumer group 'g' in XREADGROUP with GROUP option"))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "BLOCK", "10", "NOACK", "foo", "STREAMS", "s", ">") == .err("ERR syntax error"))
        #expect(h.r("XREADGROUP", "COUNT", "1", "BLOCK", "10", "STREAMS", "s", ">") == .err("ERR Missing GROUP option for XREADGROUP"))
    }

    @Test("a read that finds nothing creates no consumer")
    func noConsumerWhenNothingRead() {
        let h = EngineHarness()
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        #expect(h.r("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">") == .nullList)
        #expect(h.r("XINFO", "CONSUMERS", "s", "g") == .list([]))
        #expect(h.r("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", "0") == .list([.list([.s("s"), .list([])])]))
        #expect(h.r("XINFO", "CONSUMERS", "s", "g") == .list([.map([(.s("name"), .s("c2")), (.s("pending"), .int(0)), (.s("idle"), .int(0))])]))
    }

    @Test("entries-read and lag follow Redis across deletions")
    func lagAfterDeletion() {
        let h = EngineHarness()
        for i in 1...5 { h.run(words: ["XADD", "s", "\(i)-0", "f", "v"]) }
        h.r("XGROUP", "CREATE", "s", "g", "0")
        func info() -> (Reply?, Reply?) {
            guard case .list(let groups) = h.r("XINFO", "GROUPS", "s") else { return (nil, nil) }
            return (groups[0]["entries-read"], groups[0]["lag"])
        }
        #expect(info() == (.null, .int(5)))
        h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
        #expect(info() == (.int(1), .int(4)))
        h.r("XDEL", "s", "2-0")
        h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
        #expect(info() == (.int(2), .int(3)))
        h.r("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", ">")
        #expect(info() == (.int(3), .int(2)))
    }
}
