#if canImport(Glibc)
import AugurCommands
import Foundation
import Testing

/// The engine's RESP2 replies for a script of commands, compared with a real redis-server's.
@Suite("Differential against redis-server", .enabled(if: RedisServerProcess.executable != nil))
struct RedisDifferentialTests {
    /// Commands whose replies depend on neither the clock nor Redis's internal node layout.
    static let script: [[String]] = [
        ["XADD", "s", "1-1", "f", "v"], ["XADD", "s", "1-1", "f", "v"], ["XADD", "s", "0-0", "f", "v"],
        ["XADD", "s", "1", "f"], ["XADD", "s", "MAXLEN", "-1", "*", "f", "v"], ["XADD", "s", "LIMIT", "10", "*", "f", "v"],
        ["XADD", "s", "MAXLEN", "1", "MINID", "1", "*", "f", "v"], ["XADD", "s", "abc", "f", "v"],
        ["XADD", "s", "2-*", "f", "v"], ["XADD", "s", "2-*", "a", "b", "c", "d"], ["XADD", "s", "2", "f", "v"],
        ["XADD", "s", "NOMKSTREAM", "4-0", "f", "v"], ["XADD", "nos", "NOMKSTREAM", "*", "f", "v"],
        ["XLEN", "s"], ["XRANGE", "s", "-", "+"], ["XRANGE", "s", "(1-1", "+", "COUNT", "2"], ["XREVRANGE", "s", "+", "-", "COUNT", "1"],
        ["XRANGE", "s", "(-", "+"], ["XRANGE", "s", "-", "+", "COUNT"], ["XRANGE", "s", "-", "+", "COUNT", "0"],
        ["XRANGE", "nokey", "-", "+", "COUNT", "-1"], ["XINFO", "STREAM", "s"],
        ["XREAD", "COUNT", "2", "STREAMS", "s", "0"], ["XREAD", "STREAMS", "s", "$"], ["XREAD", "STREAMS", "s", "t", "0"],
        ["XREAD", "STREAMS", "s", ">"], ["XREAD", "BLOCK", "-1", "STREAMS", "s", "0"],
        ["XGROUP", "CREATE", "s", "g", "0"], ["XGROUP", "CREATE", "s", "g", "0"], ["XGROUP", "CREATE", "nokey", "g", "0"],
        ["XGROUP", "CREATE", "m", "g", "$", "MKSTREAM"], ["XGROUP", "foo"], ["XGROUP", "CREATE", "s"],
        ["XGROUP", "SETID", "s", "nog", "0"], ["XGROUP", "CREATECONSUMER", "s", "g", "x"],
        ["XGROUP", "CREATECONSUMER", "s", "g", "x"], ["XGROUP", "DELCONSUMER", "s", "g", "x"], ["XGROUP", "HELP"],
        ["XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">"],
        ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$"],
        ["XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">"], ["XINFO", "GROUPS", "s"], ["XPENDING", "s", "g"],
        ["XDEL", "s", "2-0"], ["XINFO", "GROUPS", "s"], ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"],
        ["XREADGROUP", "GROUP", "g", "d", "NOACK", "STREAMS", "s", ">"], ["XINFO", "GROUPS", "s"],
        ["XACK", "s", "g", "1-1", "1-1", "9-0"], ["XACK", "s", "g", "bad"], ["XPENDING", "s", "g"],
        ["XPENDING", "s", "nog"], ["XPENDING", "s", "g", "-", "+"],
        ["XCLAIM", "s", "g", "e", "0", "2-0"], ["XPENDING", "s", "g"], ["XCLAIM", "s", "g", "e", "0", "2-1", "JUSTID"],
        ["XCLAIM", "s", "g", "e", "0", "bad"], ["XCLAIM", "s", "g", "e", "abc", "1-1"],
        ["XCLAIM", "s", "g", "e", "0", "3-5", "FORCE", "JUSTID"], ["XAUTOCLAIM", "s", "g", "f", "0", "0", "COUNT", "1", "JUSTID"],
        ["XAUTOCLAIM", "s", "g", "f", "0", "0", "COUNT", "0"], ["XAUTOCLAIM", "s", "g", "f", "0", "0", "foo"],
        ["XPENDING", "s", "g"], ["XTRIM", "s", "MAXLEN", "2"], ["XTRIM", "s", "MAXLEN", "1", "LIMIT", "1"],
        ["XTRIM", "s", "MINID", "bad"], ["XINFO", "STREAM", "s"], ["XINFO", "STREAM", "nokey"], ["XINFO", "foo"],
        ["XINFO", "HELP"], ["XINFO", "STREAM", "s", "foo"], ["XINFO", "CONSUMERS", "s", "nog"],
        ["EXISTS", "s", "s", "nokey"], ["TYPE", "s"], ["TYPE", "nokey"], ["DBSIZE"], ["DEL", "s", "nokey"],
        ["XLEN", "s"], ["FLUSHDB", "foo"], ["KEYS"], ["SCAN", "abc"], ["FLUSHALL"], ["DBSIZE"],
    ]

    @Test("scripted replies match redis-server's RESP2 replies")
    func scriptMatches() throws {
        let server = try RedisServerProcess()
        defer { server.stop() }
        let h = EngineHarness()
        var mismatches: [String] = []
        for words in Self.script {
            let ours = Self.resp2(h.r(words: words))
            let theirs = try server.command(words)
            if ours != theirs { mismatches.append("\(words.joined(separator: " ")):\n  augur: \(ours)\n  redis: \(theirs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    /// What the RESP2 encoder turns a reply into: maps become flat arrays.
    static func resp2(_ reply: Reply) -> Reply {
        switch reply {
        case .map(let pairs): return .list(pairs.flatMap { [resp2($0.0), resp2($0.1)] })
        case .list(let items): return .list(items.map(resp2))
        default: return reply
        }
    }
}

extension EngineHarness {
    func r(words: [String], client: ClientID = 1) -> Reply { Reply(run(words: words, client: client)) }
}
#endif
