import Testing

@Suite("XINFO")
struct XInfoCommandTests {
    @Test("XINFO STREAM lists the counters and first/last entries")
    func stream() {
        let h = EngineHarness(clock: TestClock(1000))
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XADD", "s", "2-0", "f", "w")
        h.r("XDEL", "s", "1-0")
        #expect(h.r("XINFO", "STREAM", "s") == .map([
            (.s("length"), .int(1)), (.s("radix-tree-keys"), .int(1)), (.s("radix-tree-nodes"), .int(2)),
            (.s("last-generated-id"), .s("2-0")), (.s("max-deleted-entry-id"), .s("1-0")),
            (.s("entries-added"), .int(2)), (.s("recorded-first-entry-id"), .s("2-0")), (.s("groups"), .int(0)),
            (.s("first-entry"), EngineHarness.entry("2-0", "f", "w")),
            (.s("last-entry"), EngineHarness.entry("2-0", "f", "w")),
        ]))
    }

    @Test("an emptied stream shows null first and last entries")
    func emptyStream() {
        let h = EngineHarness()
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XDEL", "s", "1-0")
        let info = h.r("XINFO", "STREAM", "s")
        #expect(info["first-entry"] == .null)
        #expect(info["last-entry"] == .null)
        #expect(info["recorded-first-entry-id"] == .s("0-0"))
        #expect(info["radix-tree-keys"] == .int(0))
    }

    @Test("XINFO STREAM FULL shows groups, pending entries and consumers (with 7.2's active-time when asked)")
    func full() {
        let h = EngineHarness(clock: TestClock(1000), configuration: .init(reportsActiveTime: true))
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XGROUP", "CREATE", "s", "g", "0")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        let info = h.r("XINFO", "STREAM", "s", "FULL")
        #expect(info["entries"] == .list([EngineHarness.entry("1-0", "f", "v")]))
        #expect(info["groups"] == .list([.map([
            (.s("name"), .s("g")), (.s("last-delivered-id"), .s("1-0")), (.s("entries-read"), .int(1)),
            (.s("lag"), .int(0)), (.s("pel-count"), .int(1)),
            (.s("pending"), .list([.list([.s("1-0"), .s("c"), .int(1000), .int(1)])])),
            (.s("consumers"), .list([.map([
                (.s("name"), .s("c")), (.s("seen-time"), .int(1000)), (.s("active-time"), .int(1000)),
                (.s("pel-count"), .int(1)), (.s("pending"), .list([.list([.s("1-0"), .int(1000), .int(1)])])),
            ])])),
        ])]))
    }

    @Test("by default consumers are shown as Redis 7.0 shows them, without active times")
    func redis70Consumers() {
        let h = EngineHarness(clock: TestClock(1000))
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XGROUP", "CREATE", "s", "g", "0")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        h.clock.milliseconds = 1500
        #expect(h.r("XINFO", "CONSUMERS", "s", "g") == .list([.map([(.s("name"), .s("c")), (.s("pending"), .int(1)), (.s("idle"), .int(500))])]))
        let consumers = h.r("XINFO", "STREAM", "s", "FULL")["groups"]
        #expect(consumers?.description.contains("active-time") == false)
        #expect(consumers?.description.contains("seen-time") == true)
    }

    @Test("with active times on, XINFO CONSUMERS reports inactive time and -1 for never-active consumers")
    func inactive() {
        let h = EngineHarness(clock: TestClock(1000), configuration: .init(reportsActiveTime: true))
        h.r("XADD", "s", "1-0", "f", "v")
        h.r("XGROUP", "CREATE", "s", "g", "0")
        h.r("XGROUP", "CREATECONSUMER", "s", "g", "idle")
        h.r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
        h.clock.milliseconds = 1300
        #expect(h.r("XINFO", "CONSUMERS", "s", "g") == .list([
            .map([(.s("name"), .s("c")), (.s("pending"), .int(1)), (.s("idle"), .int(300)), (.s("inactive"), .int(300))]),
            .map([(.s("name"), .s("idle")), (.s("pending"), .int(0)), (.s("idle"), .int(300)), (.s("inactive"), .int(-1))]),
        ]))
    }

    @Test("XINFO errors")
    func errors() {
        let h = EngineHarness()
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(h.r("XINFO", "STREAM", "nokey") == .err("ERR no such key"))
        #expect(h.r("XINFO", "GROUPS", "nokey") == .err("ERR no such key"))
        #expect(h.r("XINFO", "CONSUMERS", "s", "nog") == .err("NOGROUP No such consumer group 'nog' for key name 's'"))
        #expect(h.r("XINFO", "foo") == .err("ERR unknown subcommand 'foo'. Try XINFO HELP."))
        #expect(h.r("XINFO", "stream", "s", "foo") == .err("ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP."))
        #expect(h.r("XINFO", "STREAM", "s", "FULL", "COUNT", "abc") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XINFO", "STREAM") == .err("ERR wrong number of arguments for 'xinfo|stream' command"))
        #expect(h.r("XINFO") == .err("ERR wrong number of arguments for 'xinfo' command"))
    }
}
