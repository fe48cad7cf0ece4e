import AugurRedisClient

/// Where the control plane's entries live: an append-only log every daemon reads in full (a broadcast, not a
/// work queue). The Redis-protocol stream `augur:control` is one (`RedisControlChannel`); a single-partition
/// Kafka topic is another (`KafkaControlChannel` in AugurKafka).
///
/// A channel keeps its entries in one total order; a `ControlPosition` names a place in it. Calls on one
/// channel are made one at a time (the listener, the CLI and the tests never overlap them).
public protocol ControlChannel: Sendable {
    /// The stream or topic name, for logs and messages.
    var name: String { get }

    /// Every entry after `position`, read without waiting for new ones, and the position of the last one
    /// (`position` itself when there was none).
    func entries(after position: ControlPosition) async throws -> (entries: [ControlChannelEntry], last: ControlPosition)

    /// Up to `limit` entries after `position`, waiting up to `timeout` for the first; empty when none came.
    func nextEntries(after position: ControlPosition, limit: Int, timeout: Duration) async throws -> [ControlChannelEntry]

    /// Appends an entry with `fields`; returns its position, or nil when the channel does not learn it.
    func append(_ fields: [(name: String, value: String)]) async throws -> ControlPosition?

    /// Deletes the entry at `position` if the channel can (a daemon's previous heartbeat); a channel that
    /// cannot does nothing, and its readers skip old heartbeats instead.
    func remove(_ position: ControlPosition) async throws
}

extension ControlChannel {
    /// Does nothing: entries stay.
    public func remove(_ position: ControlPosition) async throws {}
}

/// A place in a control channel's order: before every entry, or after a given one.
public enum ControlPosition: Sendable, Hashable, CustomStringConvertible {
    /// Before the first entry.
    case start
    /// After this entry of a Redis-protocol stream.
    case streamEntry(StreamID)
    /// After the record at this offset of a single-partition Kafka topic.
    case offset(Int64)

    /// `start`, the stream entry id, or `offset N`.
    public var description: String {
        switch self {
        case .start: "start"
        case .streamEntry(let id): id.description
        case .offset(let offset): "offset \(offset)"
        }
    }
}

/// One entry read from a control channel: where it is and its fields, as text.
public struct ControlChannelEntry: Sendable {
    /// The entry's position; reading after it continues with the next entry.
    public var position: ControlPosition
    /// The entry's fields in order (`ControlCommand.fields`, `DaemonReport.fields`).
    public var fields: [(name: String, value: String)]

    /// Creates an entry.
    public init(position: ControlPosition, fields: [(name: String, value: String)]) {
        self.position = position
        self.fields = fields
    }
}

/// Why a channel could not use a position it was given.
public struct ControlPositionMismatch: Error, Sendable, CustomStringConvertible {
    /// The position given.
    public var position: ControlPosition
    /// The channel it was given to.
    public var channel: String

    /// Creates the error.
    public init(position: ControlPosition, channel: String) {
        self.position = position
        self.channel = channel
    }

    /// What went wrong.
    public var description: String {
        "position \(position) belongs to another kind of control channel than \(channel)"
    }
}
