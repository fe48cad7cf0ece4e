import AugurCommands
import NIOCore
import Testing

@Suite("XADD")
struct XAddCommandTests {
    @Test("explicit ids must grow and 0-0 is refused")
    func explicitIDs() {
        let h = EngineHarness()
        #expect(h.r("XADD", "s", "1-1", "f", "v") == .s("1-1"))
        #expect(h.r("XADD", "s", "1-1", "f", "v") == .err("ERR The ID specified in XADD is equal or smaller than the target stream top item"))
        #expect(h.r("XADD", "t", "0-0", "f", "v") == .err("ERR The ID specified in XADD must be greater than 0-0"))
        #expect(h.r("EXISTS", "t") == .int(0))
    }

    @Test("partial ids: ms alone means seq 0, ms-* picks the next sequence")
    func partialIDs() {
        let h = EngineHarness()
        #expect(h.r("XADD", "s", "2-*", "f", "v") == .s("2-0"))
        #expect(h.r("XADD", "s", "2-*", "f", "v") == .s("2-1"))
        #expect(h.r("XADD", "s", "2", "f", "v") == .err("ERR The ID specified in XADD is equal or smaller than the target stream top item"))
        #expect(h.r("XADD", "s", "3", "f", "v") == .s("3-0"))
        #expect(h.r("XADD", "e", "0-*", "f", "v") == .s("0-1"))
    }

    @Test("star uses the clock, and the sequence when the clock has not moved")
    func autoIDs() {
        let h = EngineHarness(clock: TestClock(1000))
        #expect(h.r("XADD", "s", "*", "f", "v") == .s("1000-0"))
        #expect(h.r("XADD", "s", "*", "f", "v") == .s("1000-1"))
        h.clock.milliseconds = 999
        #expect(h.r("XADD", "s", "*", "f", "v") == .s("1000-2"))
        h.clock.milliseconds = 2000
        #expect(h.r("XADD", "s", "*", "f", "v") == .s("2000-0"))
    }

    @Test("the last possible id exhausts the stream")
    func exhausted() {
        let h = EngineHarness()
        #expect(h.r("XADD", "s", "18446744073709551615-18446744073709551615", "f", "v") == .s("18446744073709551615-18446744073709551615"))
        #expect(h.r("XADD", "s", "*", "f", "v") == .err("ERR The stream has exhausted the last possible ID, unable to add more items"))
    }

    @Test("NOMKSTREAM on a missing key replies null and creates nothing")
    func noMakeStream() {
        let h = EngineHarness()
        #expect(h.r("XADD", "s", "NOMKSTREAM", "*", "f", "v") == .null)
        #expect(h.r("EXISTS", "s") == .int(0))
        h.r("XADD", "s", "1-0", "f", "v")
        #expect(h.r("XADD", "s", "nomkstream", "2-0", "f", "v") == .s("2-0"))
    }

    @Test("argument errors carry Redis's texts")
    func errors() {
        let h = EngineHarness()
        #expect(h.r("XADD", "s", "1", "f") == .err("ERR wrong number of arguments for 'xadd' command"))
        #expect(h.r("XADD", "s") == .err("ERR wrong number of arguments for 'xadd' command"))
        #expect(h.r("XADD", "s", "maxlen", "-1", "*", "f", "v") == .err("ERR The MAXLEN argument must be >= 0."))
        #expect(h.r("XADD", "s", "limit", "10", "*", "f", "v") == .err("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"))
        #expect(h.r("XADD", "s", "maxlen", "1", "minid", "1", "*", "f", "v") == .err("ERR syntax error, MAXLEN and MINID options at the same time are not compatible"))
        #expect(h.r("XADD", "s", "maxlen", "1", "limit", "5", "*", "f", "v") == .err("ERR syntax error, LIMIT cannot be used without the special ~ option"))
        #expect(h.r("XADD", "s", "maxlen", "abc", "*", "f", "v") == .err("ERR value is not an integer or out of range"))
        #expect(h.r("XADD", "s", "abc", "f", "v") == .err("ERR Invalid stream ID specified as stream command argument"))
        #expect(h.r("XADD", "s", "maxlen", "~", "1", "limit", "-1", "*", "f", "v") == .err("ERR The LIMIT argument must be >= 0."))
    }

    @Test("MAXLEN trims exactly after adding")
    func maxLen() {
        let h = EngineHarness()
        for i in 1...5 { h.run(words: ["XADD", "s", "MAXLEN", "3", "\(i)-0", "f", "v"]) }
        #expect(h.r("XLEN", "s") == .int(3))
        #expect(h.r("XRANGE", "s", "-", "+", "COUNT", "1") == .list([EngineHarness.entry("3-0", "f", "v")]))
    }

    @Test("MINID = trims entries below the id")
    func minID() {
        let h = EngineHarness()
        for i in 1...5 { h.run(words: ["XADD", "s", "\(i)-0", "f", "v"]) }
        h.r("XADD", "s", "MINID", "=", "4", "6-0", "f", "v")
        #expect(h.r("XLEN", "s") == .int(3))
    }

    @Test("command names are case-insensitive and unknown ones are refused")
    func names() {
        let h = EngineHarness()
        #expect(h.r("xAdD", "s", "1-0", "f", "v") == .s("1-0"))
        #expect(h.r("XFOO", "s") == .err("ERR unknown command 'XFOO'"))
        #expect(StreamEngine.handles("XADD"))
        #expect(StreamEngine.handles("XAUTOCLAIM"))
        #expect(!StreamEngine.handles("GET"))
        #expect(StreamEngine.handles(ByteBuffer(string: "xReadGroup")))
        #expect(!StreamEngine.handles(ByteBuffer(string: "XREADGROUPS")))
        #expect(!StreamEngine.handles(ByteBuffer(string: "X")))
    }
}
