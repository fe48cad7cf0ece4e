import AugurCommands
import AugurRESP
import AugurStreams
import NIOCore

/// A settable clock shared between a test and its engine.
final class TestClock: @unchecked Sendable {
    var milliseconds: UInt64

    init(_ milliseconds: UInt64 = 1_700_000_000_000) {
        self.milliseconds = milliseconds
    }
}

/// An engine with a fixed clock and helpers to run commands by their words.
struct EngineHarness {
    let clock: TestClock
    let engine: StreamEngine

    init(
        clock: TestClock = TestClock(), store: StreamStore = StreamStore(),
        configuration: StreamEngine.Configuration = .init()
    ) {
        self.clock = clock
        self.engine = StreamEngine(store: store, now: { [clock] in clock.milliseconds }, configuration: configuration)
    }

    /// Runs a command and returns its outcome.
    @discardableResult
    func outcome(_ words: String..., client: ClientID = 1) -> CommandOutcome {
        engine.execute(RESPCommand(arguments: words.map { ByteBuffer(string: $0) }), client: client)
    }

    /// Runs a command that must reply at once and returns the reply.
    @discardableResult
    func run(_ words: String..., client: ClientID = 1) -> RESPValue {
        switch engine.execute(RESPCommand(arguments: words.map { ByteBuffer(string: $0) }), client: client) {
        case .reply(let value): return value
        case .blocked: return .error("TEST: unexpectedly blocked")
        }
    }

    /// Runs a command given as an array of words.
    @discardableResult
    func run(words: [String], client: ClientID = 1) -> RESPValue {
        switch engine.execute(RESPCommand(arguments: words.map { ByteBuffer(string: $0) }), client: client) {
        case .reply(let value): return value
        case .blocked: return .error("TEST: unexpectedly blocked")
        }
    }

    /// Every record drained so far.
    func drain() -> [ByteBuffer] {
        var records: [ByteBuffer] = []
        engine.drainMutations { records.append(ByteBuffer(bytes: $0.readableBytesView)) }
        return records
    }
}

/// Readable forms of replies for assertions: bulk strings become Swift strings.
indirect enum Reply: Equatable, CustomStringConvertible {
    case s(String)
    case status(String)
    case err(String)
    case int(Int64)
    case list([Reply])
    case map([(Reply, Reply)])
    case null
    case nullList
    case other(String)

    init(_ value: RESPValue) {
        switch value {
        case .bulkString(let b): self = .s(String(decoding: b.readableBytesView, as: UTF8.self))
        case .simpleString(let s): self = .status(s)
        case .error(let e): self = .err(e)
        case .integer(let i): self = .int(i)
        case .array(let a): self = .list(a.map(Reply.init))
        case .map(let entries): self = .map(entries.map { (Reply($0.key), Reply($0.value)) })
        case .null: self = .null
        case .nullArray: self = .nullList
        default: self = .other("\(value)")
        }
    }

    static func == (lhs: Reply, rhs: Reply) -> Bool { lhs.description == rhs.description }

    var description: String {
        switch self {
        case .s(let s): return "\"\(s)\""
        case .status(let s): return "+\(s)"
        case .err(let e): return "-\(e)"
        case .int(let i): return ":\(i)"
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        case .null: return "nil"
        case .nullList: return "nil[]"
        case .other(let o): return o
        }
    }

    /// The value for map key `name`.
    subscript(_ name: String) -> Reply? {
        guard case .map(let m) = self else { return nil }
        return m.first { $0.0 == .s(name) }?.1
    }
}

extension EngineHarness {
    /// Runs a command and returns its reply in readable form.
    @discardableResult
    func r(_ words: String..., client: ClientID = 1) -> Reply {
        Reply(run(words: words, client: client))
    }

    /// An entry as XRANGE shows it: [id, [f, v, …]].
    static func entry(_ id: String, _ fields: String...) -> Reply {
        .list([.s(id), .list(fields.map { .s($0) })])
    }
}
