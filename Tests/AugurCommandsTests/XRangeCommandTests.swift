import Testing

@Suite("XRANGE, XREVRANGE, XLEN, XDEL, XTRIM")
struct XRangeCommandTests {
    func tenEntries() -> EngineHarness {
        let h = EngineHarness()
        for i in 1...10 { h.run(words: ["XADD", "s", "\(i)-0", "f", "v\(i)"]) }
        return h
    }

    @Test("ranges with counts, exclusive bounds and partial ids")
    func ranges() {
        let h = tenEntries()
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT", "2") == .list([EngineHarness.entry("1-0", "f", "v1"), EngineHarness.entry("2-0", "f", "v2")]))
        #expect(h.r("XRANGE", "s", "(5", "(8") == .list([EngineHarness.entry("6-0", "f", "v6"), EngineHarness.entry("7-0", "f", "v7"), EngineHarness.entry("8-0", "f", "v8")]))
        #expect(h.r("XRANGE", "s", "7", "7") == .list([EngineHarness.entry("7-0", "f", "v7")]))
        #expect(h.r("XREVRANGE", "s", "+", "-", "COUNT", "2") == .list([EngineHarness.entry("10-0", "f", "v10"), EngineHarness.entry("9-0", "f", "v9")]))
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT", "0") == .nullList)
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT", "-1") == .nullList)
        #expect(h.r("XRANGE", "nokey", "-", "+") == .list([]))
    }

    @Test("range errors")
    func rangeErrors() {
        let h = tenEntries()
        #expect(h.r("XRANGE", "s", "(-", "+") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XRANGE", "s", "-", "(+") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+") == .err("ERR invalid start ID for the interval"))
        #expect(h.r("XRANGE", "s", "-", "(0-0") == .err("ERR invalid end ID for the interval"))
        #expect(h.r("XRANGE", "s", "-", "+", "foo") == .err("ERR syntax error"))
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT") == .err("ERR syntax error"))
        #expect(h.r("XRANGE", "s", "5-x", "+") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XRANGE", "s", "-") == .err("ERR wrong number of arguments for 'xrange' command"))
    }

    @Test("XDEL counts deleted ids and validates all ids first")
    func xdel() {
        let h = tenEntries()
        #expect(h.r("XDEL", "s", "1-0", "1-0", "99-0") == .int(1))
        #expect(h.r("XDEL", "s", "2-0", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XLEN", "s") == .int(9))
        #expect(h.r("XDEL", "nokey", "1-0") == .int(0))
        #expect(h.r("XDEL", "s") == .err("ERR wrong number of arguments for 'xdel' command"))
        #expect(h.r("XLEN", "s", "x") == .err("ERR wrong number of arguments for 'xlen' command"))
    }

    @Test("XTRIM replies with the number removed and checks its options")
    func xtrim() {
        let h = tenEntries()
        #expect(h.r("XTRIM", "s", "MAXLEN", "8") == .int(2))
        #expect(h.r("XTRIM", "s", "MAXLEN", "~", "5", "LIMIT", "1") == .int(0))
        #expect(h.r("XTRIM", "s", "MINID", "5") == .int(2))
        #expect(h.r("XTRIM", "s") == .err("ERR wrong number of arguments for 'xtrim' command"))
        #expect(h.r("XTRIM", "s", "foo", "1") == .err("ERR syntax error"))
        #expect(h.r("XTRIM", "s", "MINID", "bad") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XTRIM", "s", "MAXLEN", "1", "LIMIT", "1") == .err("ERR syntax error, LIMIT cannot be used without the special ~ option"))
        #expect(h.r("XTRIM", "s", "MAXLEN", "1", "extra") == .err("ERR syntax error"))
        #expect(h.r("XTRIM", "nokey", "MAXLEN", "1") == .int(0))
        #expect(h.r("XTRIM", "s", "MAXLEN", "abc") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT", "1") == .list([EngineHarness.entry("5-0", "f", "v5")]))
    }

    @Test("approximate trimming removes whole blocks only")
    func approximateTrim() {
        let h = EngineHarness(store: .init(blockLimits: .init(maxEntries: 4)))
        for i in 1...10 { h.run(words: ["XADD", "s", "\(i)-0", "f", "v"]) }
        // Blocks: [1-4] [5-8] [9-10]; keeping >= 5 entries allows dropping only the first block.
        #expect(h.r("XTRIM", "s", "MAXLEN", "~", "5") == .int(4))
        #expect(h.r("XLEN", "s") == .int(6))
        #expect(h.r("XTRIM", "s", "MINID", "~", "7") == .int(0))
        #expect(h.r("XTRIM", "s", "MINID", "~", "9") == .int(4))
    }
}
