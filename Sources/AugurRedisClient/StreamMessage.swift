import NIOCore

/// One stream entry: its id and its field/value pairs, as bytes sliced from the reply (no copies, no Strings).
public struct StreamMessage: Sendable {
    /// The entry's id.
    public var id: StreamID
    /// The field/value pairs in the order they were added.
    public var fields: [(name: ByteBuffer, value: ByteBuffer)]
    /// True for a pending entry whose message was deleted from the stream (its fields are then empty).
    public var isDeleted: Bool

    /// Creates an entry.
    public init(id: StreamID, fields: [(name: ByteBuffer, value: ByteBuffer)], isDeleted: Bool = false) {
        self.id = id
        self.fields = fields
        self.isDeleted = isDeleted
    }

    /// The value of the first field named `name`, compared as UTF-8 bytes.
    public subscript(name: String) -> ByteBuffer? {
        fields.first { $0.name.readableBytesView.elementsEqual(name.utf8) }?.value
    }

    /// The value of the first field named `name`.
    public subscript(name: ByteBuffer) -> ByteBuffer? {
        fields.first { $0.name == name }?.value
    }
}

extension StreamMessage: Equatable {
    /// Entries are equal when id, deletion and every field pair are equal.
    public static func == (lhs: StreamMessage, rhs: StreamMessage) -> Bool {
        lhs.id == rhs.id && lhs.isDeleted == rhs.isDeleted && lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// The entries one read returned from one stream.
public struct StreamMessages: Sendable, Equatable {
    /// The stream's key.
    public var key: String
    /// The entries, oldest first.
    public var messages: [StreamMessage]

    /// Creates a stream's batch.
    public init(key: String, messages: [StreamMessage]) {
        self.key = key
        self.messages = messages
    }
}

/// What XAUTOCLAIM returns.
public struct StreamAutoClaimResult: Sendable, Equatable {
    /// Where the next scan should start; `0-0` when the whole pending list was scanned.
    public var next: StreamID
    /// The entries now owned by the claiming consumer.
    public var messages: [StreamMessage]
    /// Ids that were pending but no longer exist in the stream (removed from the pending list; Redis 7+).
    public var deletedIDs: [StreamID]

    /// Creates a result.
    public init(next: StreamID, messages: [StreamMessage], deletedIDs: [StreamID]) {
        self.next = next
        self.messages = messages
        self.deletedIDs = deletedIDs
    }
}

/// The summary form of XPENDING for one group.
public struct StreamPendingSummary: Sendable, Equatable {
    /// Number of entries delivered and not yet acknowledged.
    public var count: Int
    /// Smallest pending id, nil when nothing is pending.
    public var lowestID: StreamID?
    /// Largest pending id, nil when nothing is pending.
    public var highestID: StreamID?
    /// Pending entries per consumer that has any, by consumer name.
    public var consumers: [String: Int]

    /// Creates a summary.
    public init(count: Int, lowestID: StreamID?, highestID: StreamID?, consumers: [String: Int]) {
        self.count = count
        self.lowestID = lowestID
        self.highestID = highestID
        self.consumers = consumers
    }
}

/// How XADD trims the stream as it appends.
public enum StreamTrim: Sendable, Hashable {
    /// Keep about (`approximate`, `~`: cheaper, trims whole nodes) or exactly the newest `count` entries.
    case maxLength(Int, approximate: Bool = true)
    /// Drop entries older than `id`, about (`~`) or exactly.
    case minID(StreamID, approximate: Bool = true)
}
