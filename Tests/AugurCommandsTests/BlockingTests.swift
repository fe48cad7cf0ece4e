import AugurCommands
import AugurRESP
import Testing

@Suite("Blocking reads")
struct BlockingTests {
    func isBlocked(_ outcome: CommandOutcome, timeout expected: Duration?) -> Bool {
        if case .blocked(let timeout) = outcome { return timeout == expected }
        return false
    }

    func wakeups(_ h: EngineHarness) -> [(ClientID, Reply)] {
        h.engine.takeWakeups().map { ($0.client, Reply($0.reply)) }
    }

    @Test("XREAD BLOCK with $ waits for entries added after it blocked")
    func xreadDollar() {
        let h = EngineHarness()
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(isBlocked(h.outcome("XREAD", "BLOCK", "100", "STREAMS", "s", "$", client: 5), timeout: .milliseconds(100)))
        #expect(wakeups(h).isEmpty)
        h.r("XADD", "s", "2-0", "f", "w")
        let woken = wakeups(h)
        #expect(woken.count == 1)
        #expect(woken.first?.0 == 5)
        #expect(woken.first?.1 == .list([.list([.s("s"), .list([EngineHarness.entry("2-0", "f", "w")])])]))
        #expect(h.engine.blockTimedOut(client: 5) == nil)
    }

    @Test("BLOCK 0 blocks forever and a timeout replies a null array")
    func timeout() {
        let h = EngineHarness()
        #expect(isBlocked(h.outcome("XREAD", "BLOCK", "0", "STREAMS", "s", "$", client: 5), timeout: nil))
        #expect(h.engine.blockTimedOut(client: 5) == .nullArray)
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(wakeups(h).isEmpty)
    }

    @Test("clients blocked on a key are served first come first served")
    func fifo() {
        let h = EngineHarness()
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        for client: ClientID in [3, 1, 2] {
            h.outcome("XREADGROUP", "GROUP", "g", "c\(client)", "BLOCK", "0", "STREAMS", "s", ">", client: client)
        }
        h.r("XADD", "s", "1-0", "f", "v")
        let first = wakeups(h)
        #expect(first.map(\.0) == [3])
        h.r("XADD", "s", "2-0", "f", "v")
        h.r("XADD", "s", "3-0", "f", "v")
        let next = wakeups(h)
        #expect(next.map(\.0) == [1, 2])
        #expect(next.first?.1 == .list([.list([.s("s"), .list([EngineHarness.entry("2-0", "f", "v")])])]))
        #expect(next.last?.1 == .list([.list([.s("s"), .list([EngineHarness.entry("3-0", "f", "v")])])]))
    }

    @Test("a group entry woken for one consumer is not served twice")
    func groupServedOnce() {
        let h = EngineHarness()
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        h.outcome("XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">", client: 1)
        h.outcome("XREADGROUP", "GROUP", "g", "b", "BLOCK", "0", "STREAMS", "s", ">", client: 2)
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(wakeups(h).map(\.0) == [1])
        #expect(h.r("XPENDING", "s", "g") == .list([.int(1), .s("1-0"), .s("1-0"), .list([.list([.s("a"), .s("1")])])]))
        #expect(h.engine.blockTimedOut(client: 2) == .nullArray)
    }

    @Test("a deleted stream or destroyed group unblocks XREADGROUP with Redis's errors")
    func deletedUnderBlock() {
        let h = EngineHarness()
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        h.outcome("XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">", client: 1)
        h.r("DEL", "s")
        #expect(wakeups(h).map(\.1) == [.err("UNBLOCKED the stream key no longer exists")])
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        h.outcome("XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">", client: 1)
        h.r("XGROUP", "DESTROY", "s", "g")
        #expect(wakeups(h).map(\.1) == [.err("NOGROUP the consumer group this client was blocked on no longer exists")])
    }

    @Test("a deleted stream keeps a plain XREAD blocked")
    func xreadSurvivesDelete() {
        let h = EngineHarness()
        h.r("XADD", "s", "5-0", "f", "v")
        h.outcome("XREAD", "BLOCK", "0", "STREAMS", "s", "$", client: 1)
        h.r("DEL", "s")
        #expect(wakeups(h).isEmpty)
        h.r("XADD", "s", "6-0", "f", "v")
        #expect(wakeups(h).map(\.0) == [1])
    }

    @Test("a woken XREADGROUP is logged as a delivery")
    func wakeLogged() {
        let h = EngineHarness()
        h.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        _ = h.drain()
        h.outcome("XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">", client: 1)
        h.r("XADD", "s", "1-0", "f", "v")
        _ = wakeups(h)
        let replayed = EngineHarness()
        replayed.r("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM")
        for record in h.drain() { try? replayed.engine.replay(record: record) }
        #expect(replayed.r("XPENDING", "s", "g") == .list([.int(1), .s("1-0"), .s("1-0"), .list([.list([.s("a"), .s("1")])])]))
    }

    @Test("a woken reader on several keys gets only the key that changed, in its protocol")
    func multiKeyResp3() {
        let h = EngineHarness()
        h.engine.setProtocol(3, for: 9)
        h.outcome("XREAD", "BLOCK", "0", "STREAMS", "a", "b", "$", "$", client: 9)
        h.r("XADD", "b", "1-0", "f", "v")
        #expect(wakeups(h).map(\.1) == [.map([(.s("b"), .list([EngineHarness.entry("1-0", "f", "v")]))])])
    }

    @Test("a disconnected client is never woken")
    func disconnect() {
        let h = EngineHarness()
        h.outcome("XREAD", "BLOCK", "0", "STREAMS", "s", "$", client: 4)
        h.engine.clientDisconnected(4)
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(wakeups(h).isEmpty)
    }
}
