import AugurCommands
import AugurRESP
import AugurStreams
import NIOCore
import Testing

/// A small deterministic generator so failures reproduce from the seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random command sequences over a few keys, groups and consumers.
struct CommandFuzzer {
    var rng: SplitMix64
    let keys = ["s1", "s2", "s3"]
    let groups = ["g1", "g2"]
    let consumers = ["a", "b", "c"]

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    mutating func pick(_ options: [String]) -> String { options[Int(rng.next() % UInt64(options.count))] }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func id() -> String { "\(int(1000...1100))-\(int(0...3))" }

    mutating func command() -> [String] {
        let key = pick(keys)
        let group = pick(groups)
        let consumer = pick(consumers)
        switch int(0...99) {
        case 0..<30:
            var words = ["XADD", key]
            switch int(0...9) {
            case 0: words += ["MAXLEN", "~", "\(int(0...12))"]
            case 1: words += ["MAXLEN", "\(int(0...12))"]
            case 2: words += ["MINID", id()]
            default: break
            }
            words.append(int(0...4) == 0 ? id() : "*")
            for f in 0..<int(1...3) { words += ["f\(int(0...1) == 0 ? 0 : f)", "v\(int(0...999))"] }
            return words
        case 30..<34: return ["XDEL", key, id(), id()]
        case 34..<36: return ["XTRIM", key, "MAXLEN", pick(["~", "="]), "\(int(0...10))"]
        case 36..<42: return ["XGROUP", "CREATE", key, group, pick(["0", "$"]), "MKSTREAM"]
        case 42..<44: return ["XGROUP", "SETID", key, group, pick(["0", "$", id()])]
        case 44..<45: return ["XGROUP", "DESTROY", key, group]
        case 45..<47: return ["XGROUP", "CREATECONSUMER", key, group, consumer]
        case 47..<48: return ["XGROUP", "DELCONSUMER", key, group, consumer]
        case 48..<62:
            var words = ["XREADGROUP", "GROUP", group, consumer, "COUNT", "\(int(1...5))"]
            if int(0...5) == 0 { words.append("NOACK") }
            return words + ["STREAMS", key, int(0...3) == 0 ? "0" : ">"]
        case 62..<72: return ["XACK", key, group, id(), id(), id()]
        case 72..<78:
            var words = ["XCLAIM", key, group, consumer, "\(int(0...50))", id(), id()]
            if int(0...2) == 0 { words.append("JUSTID") }
            if int(0...3) == 0 { words.append("FORCE") }
            if int(0...3) == 0 { words += ["RETRYCOUNT", "\(int(0...9))"] }
            if int(0...5) == 0 { words += ["LASTID", id()] }
            return words
        case 78..<84:
            var words = ["XAUTOCLAIM", key, group, consumer, "\(int(0...50))", pick(["0", id()]), "COUNT", "\(int(1...4))"]
            if int(0...2) == 0 { words.append("JUSTID") }
            return words
        case 84..<85: return int(0...4) == 0 ? ["DEL", key] : ["XLEN", key]
        case 85..<87: return int(0...49) == 0 ? ["FLUSHALL"] : ["XINFO", "STREAM", key]
        case 87..<92: return ["XREAD", "COUNT", "2", "STREAMS", key, "0"]
        default: return ["BLOCK", key, group, consumer]
        }
    }
}

/// Everything observable about a store, for comparing two of them.
func stateDump(_ h: EngineHarness, includeLayout: Bool = true) -> String {
    guard case .list(let keys) = h.r("KEYS", "*") else { return "no keys" }
    var out: [String] = []
    for key in keys.map({ $0.description.trimmingQuotes }).sorted() {
        var info = h.r("XINFO", "STREAM", key, "FULL", "COUNT", "0")
        if !includeLayout, case .map(let fields) = info {
            info = .map(fields.filter { !["\"radix-tree-keys\"", "\"radix-tree-nodes\""].contains($0.0.description) })
        }
        out.append("\(key): \(info)")
        out.append("range: \(h.r("XRANGE", key, "-", "+"))")
        if case .list(let groups) = h.r("XINFO", "GROUPS", key) {
            for g in groups {
                let name = g["name"]!.description.trimmingQuotes
                out.append("pending \(name): \(h.r("XPENDING", key, name, "-", "+", "1000000"))")
                out.append("summary \(name): \(h.r("XPENDING", key, name))")
                out.append("consumers \(name): \(h.r("XINFO", "CONSUMERS", key, name))")
            }
        }
    }
    return out.joined(separator: "\n")
}

extension String {
    var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") ? String(dropFirst().dropLast()) : self
    }
}

@Suite("Mutation replay")
struct ReplayPropertyTests {
    /// Runs `steps` random commands (blocking reads included) and returns the harness and every record.
    func runRandom(seed: UInt64, steps: Int) -> (EngineHarness, [ByteBuffer]) {
        let clock = TestClock(1_000)
        let h = EngineHarness(clock: clock, store: StreamStore(blockLimits: .init(maxEntries: 4, maxBytes: 256)))
        var fuzzer = CommandFuzzer(seed: seed)
        var records: [ByteBuffer] = []
        var nextClient: ClientID = 100
        for _ in 0..<steps {
            clock.milliseconds += UInt64(fuzzer.int(0...7))
            let words = fuzzer.command()
            if words[0] == "BLOCK" {
                nextClient += 1
                h.outcome(
                    "XREADGROUP", "GROUP", words[2], words[3], "COUNT", "2", "BLOCK", "0", "STREAMS", words[1], ">",
                    client: nextClient)
            } else {
                h.run(words: words)
            }
            _ = h.engine.takeWakeups()
            records += h.drain()
        }
        return (h, records)
    }

    @Test("replaying the drained records rebuilds an identical store", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func replayIdentical(seed: UInt64) throws {
        let (live, records) = runRandom(seed: seed, steps: 1500)
        let replayed = EngineHarness(clock: live.clock, store: StreamStore(blockLimits: .init(maxEntries: 4, maxBytes: 256)))
        for record in records { try replayed.engine.replay(record: record) }
        #expect(stateDump(replayed) == stateDump(live))
        #expect(records.count > 500)
    }

    @Test("rebuild records reproduce the state", arguments: [7, 8, 9] as [UInt64])
    func rebuildRoundTrip(seed: UInt64) throws {
        let (live, _) = runRandom(seed: seed, steps: 1500)
        let rebuilt = EngineHarness(clock: live.clock)
        var count = 0
        try live.engine.snapshot().forEachRebuildRecord { record in
            count += 1
            try rebuilt.engine.replay(record: record)
        }
        #expect(count > 0)
        #expect(stateDump(rebuilt, includeLayout: false) == stateDump(live, includeLayout: false))
    }

    @Test("a snapshot does not change when the engine keeps writing")
    func snapshotIsolation() {
        let (live, _) = runRandom(seed: 11, steps: 800)
        let snapshot = live.engine.snapshot()
        let frozen = EngineHarness(clock: live.clock, store: snapshot)
        let before = stateDump(frozen)
        var fuzzer = CommandFuzzer(seed: 12)
        for _ in 0..<800 {
            live.run(words: fuzzer.command().first == "BLOCK" ? ["DBSIZE"] : fuzzer.command())
        }
        live.run(words: ["XADD", "s1", "*", "f", "after"])
        #expect(stateDump(frozen) == before)
        #expect(stateDump(live) != before)
    }

    @Test("a corrupt record is rejected")
    func corrupt() {
        let h = EngineHarness()
        #expect(throws: StreamsError.self) { try h.engine.replay(record: ByteBuffer(bytes: [1, 99])) }
        #expect(throws: StreamsError.self) { try h.engine.replay(record: ByteBuffer(bytes: [7, 1])) }
        #expect(throws: StreamsError.self) { try h.engine.replay(record: ByteBuffer(bytes: [1, 1, 5, 65])) }
    }
}
