import AugurRESP
import AugurStreams
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Identifies a client connection to the engine.
public typealias ClientID = UInt64

/// What executing a command produced.
public enum CommandOutcome: Sendable {
    /// Send this reply now.
    case reply(RESPValue)
    /// The client waits (XREAD/XREADGROUP BLOCK); nil timeout means forever.
    case blocked(timeout: Duration?)
}

/// Executes stream and keyspace commands against a `StreamStore`, the way Redis 7 does.
///
/// Owned by one thread (the broker's event loop); holds no locks. Every write appends a mutation record
/// that the owner drains into the log before releasing the replies.
public final class StreamEngine {
    /// Choices about which Redis version's reply shapes to follow.
    public struct Configuration: Sendable {
        /// Adds Redis 7.2's consumer `active-time` (XINFO STREAM FULL) and `inactive` (XINFO CONSUMERS) fields.
        /// Default false: replies match Redis 7.0, the reference the compatibility suite diffs against.
        /// The engine keeps active times either way, so switching this on later shows correct values.
        public var reportsActiveTime: Bool

        /// Creates a configuration; the defaults answer like Redis 7.0.
        public init(reportsActiveTime: Bool = false) {
            self.reportsActiveTime = reportsActiveTime
        }
    }

    /// All state lives in one struct so a command touches this class's storage once; inside the struct,
    /// Swift checks exclusive access at compile time instead of on every property access.
    var state: EngineState

    /// Creates an engine over `store` using the system clock.
    public convenience init(store: StreamStore = StreamStore()) {
        self.init(store: store, now: { SystemClock.milliseconds() })
    }

    /// Creates an engine whose clock (Unix milliseconds) is `now`; tests pass a fixed clock.
    public init(store: StreamStore, now: @escaping () -> UInt64, configuration: Configuration = Configuration()) {
        state = EngineState(store: store, clock: now, configuration: configuration)
    }

    /// Whether this engine implements `name` (uppercase ASCII), so the server can dispatch.
    public static func handles(_ uppercasedName: String) -> Bool {
        var name = uppercasedName
        return name.withUTF8 { CommandName(raw: UnsafeRawBufferPointer($0)) } != nil
    }

    /// Whether this engine implements the command named by `name` (any case), without building a String.
    public static func handles(_ name: ByteBuffer) -> Bool {
        CommandName(name) != nil
    }

    /// Sets the RESP version (2 or 3) a client negotiated with HELLO; replies such as XREAD's depend on it.
    public func setProtocol(_ version: Int, for client: ClientID) {
        if version == 3 {
            state.protocolVersions[client] = 3
        } else {
            state.protocolVersions.removeValue(forKey: client)
        }
    }

    /// Executes one command for `client`. Arity/syntax errors come back as .reply(.error(...)) with Redis's texts.
    public func execute(_ command: RESPCommand, client: ClientID) -> CommandOutcome {
        state.execute(command, client: client)
    }

    /// Replies for blocked clients that the last writes unblocked, in fair (FIFO per key) order.
    public func takeWakeups() -> [(client: ClientID, reply: RESPValue)] {
        state.takeWakeups()
    }

    /// The block of `client` timed out: returns its timeout reply (.nullArray) and forgets the block.
    public func blockTimedOut(client: ClientID) -> RESPValue? {
        state.blocking.remove(client) != nil ? .nullArray : nil
    }

    /// The client went away: drop any block it had; nothing else of it remains.
    public func clientDisconnected(_ client: ClientID) {
        state.blocking.remove(client)
        state.protocolVersions.removeValue(forKey: client)
    }

    /// Appends the binary payload of every mutation since the last call to `sink` (one call per record),
    /// in order. The server frames and writes them to the log before releasing the replies.
    public func drainMutations(_ sink: (ByteBuffer) -> Void) {
        state.drainMutations(sink)
    }

    /// Applies one record read back from the log (replay at start). Throws StreamsError.corruptRecord.
    public func replay(record: ByteBuffer) throws {
        try state.store.apply(encoded: record)
    }

    /// A copy of the whole state in O(number of streams + blocks) time (copy-on-write), safe to send to
    /// another thread for the log rewrite.
    public func snapshot() -> StreamStore {
        state.store
    }

    /// Number of keys (for INFO keyspace / DBSIZE).
    public var keyCount: Int { state.store.keyCount }

    /// Memory estimate in bytes (INFO memory).
    public var estimatedMemoryBytes: Int { state.store.estimatedMemoryBytes }
}

/// The engine's state and the command implementations that change it.
struct EngineState {
    let configuration: StreamEngine.Configuration
    var store: StreamStore
    let clock: () -> UInt64
    /// Length-prefixed mutation records not yet drained.
    var mutationBuffer = ByteBuffer()
    var protocolVersions: [ClientID: Int] = [:]
    var blocking = BlockedClients()
    var pendingWakeups: [(client: ClientID, reply: RESPValue)] = []
    /// Keys written since blocked clients were last considered, in write order.
    var readyKeys: [ByteBuffer] = []

    init(store: StreamStore, clock: @escaping () -> UInt64, configuration: StreamEngine.Configuration) {
        self.store = store
        self.clock = clock
        self.configuration = configuration
        mutationBuffer.reserveCapacity(64 * 1024)
    }

    func protocolVersion(of client: ClientID) -> Int {
        protocolVersions.isEmpty ? 2 : protocolVersions[client] ?? 2
    }

    mutating func execute(_ command: RESPCommand, client: ClientID) -> CommandOutcome {
        let args = command.arguments
        guard let first = args.first else { return .reply(.error("ERR empty command")) }
        guard let name = CommandName(first) else {
            return .reply(.error("ERR unknown command '\(Arguments.text(first).prefix(128))'"))
        }
        guard name.accepts(argumentCount: args.count) else { return .reply(.error(CommandError.arity(name.text).text)) }
        let outcome: CommandOutcome
        do {
            outcome = try run(name, args, client: client)
        } catch let error as CommandError {
            outcome = .reply(.error(error.text))
        } catch {
            outcome = .reply(.error("ERR \(error)"))
        }
        if !readyKeys.isEmpty { serveReadyKeys() }
        return outcome
    }

    mutating func run(_ name: CommandName, _ a: [ByteBuffer], client: ClientID) throws -> CommandOutcome {
        switch name {
        case .xadd: return .reply(try xadd(a))
        case .xlen: return .reply(xlen(a))
        case .xrange: return .reply(try xrange(a, reverse: false))
        case .xrevrange: return .reply(try xrange(a, reverse: true))
        case .xread: return try xread(a, client: client, group: false)
        case .xreadgroup: return try xread(a, client: client, group: true)
        case .xdel: return .reply(try xdel(a))
        case .xtrim: return .reply(try xtrim(a))
        case .xack: return .reply(try xack(a))
        case .xpending: return .reply(try xpending(a))
        case .xclaim: return .reply(try xclaim(a))
        case .xautoclaim: return .reply(try xautoclaim(a))
        case .xgroup: return .reply(try xgroup(a))
        case .xinfo: return .reply(try xinfo(a))
        case .del: return .reply(del(a))
        case .exists: return .reply(exists(a))
        case .type: return .reply(type(a))
        case .keys: return .reply(keys(a))
        case .scan: return .reply(try scan(a))
        case .dbsize: return .reply(.integer(Int64(store.keyCount)))
        case .flushdb, .flushall: return .reply(try flush(a))
        }
    }

    mutating func takeWakeups() -> [(client: ClientID, reply: RESPValue)] {
        if !readyKeys.isEmpty { serveReadyKeys() }
        defer { pendingWakeups.removeAll(keepingCapacity: true) }
        return pendingWakeups
    }

    mutating func drainMutations(_ sink: (ByteBuffer) -> Void) {
        while let length = mutationBuffer.readInteger(as: UInt32.self) {
            sink(mutationBuffer.readSlice(length: Int(length))!)
        }
        mutationBuffer.clear()
    }

    /// The clock reading for this command, as Redis's signed millisecond times.
    var now: Int64 { Int64(clamping: clock()) }

    /// Writes one record: a 4-byte length, then the payload `body` writes.
    mutating func recordMutation(_ body: (inout ByteBuffer) -> Void) {
        let lengthIndex = mutationBuffer.writerIndex
        mutationBuffer.writeInteger(UInt32(0))
        body(&mutationBuffer)
        let length = mutationBuffer.writerIndex - lengthIndex - 4
        mutationBuffer.setInteger(UInt32(length), at: lengthIndex)
    }

    /// Applies `record` to the store and logs it; the live path and replay share this code.
    mutating func commit(_ record: MutationRecord) {
        do {
            try store.apply(record)
        } catch {
            // The engine checks the state before it builds a record, so this is a bug; refusing the record
            // keeps the store and the log in agreement instead of crashing the broker.
            assertionFailure("engine built a record that does not apply: \(error)")
            return
        }
        recordMutation { MutationCodec.write(record, into: &$0) }
    }

    /// Notes that `key` changed in a way blocked readers care about.
    mutating func signalKey(_ key: ByteBuffer) {
        if blocking.isWaiting(on: key) { readyKeys.append(key) }
    }
}

/// Wall-clock milliseconds without Foundation.
enum SystemClock {
    static func milliseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec) / 1_000_000
    }
}
