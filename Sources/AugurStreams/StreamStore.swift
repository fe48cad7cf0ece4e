import NIOCore

/// The whole keyspace: every stream by key. A value type; copying it is O(streams + blocks) and the copy
/// shares all entry bytes until one side writes, so a snapshot can go to another thread for a log rewrite.
public struct StreamStore: Sendable {
    /// How new streams pack their entries.
    public var blockLimits: Stream.BlockLimits
    var streams: [ByteBuffer: Stream] = [:]

    /// Creates an empty store.
    public init(blockLimits: Stream.BlockLimits = Stream.BlockLimits()) {
        self.blockLimits = blockLimits
    }

    /// Number of keys.
    public var keyCount: Int { streams.count }

    /// Every key, in no particular order.
    public var keys: Dictionary<ByteBuffer, Stream>.Keys { streams.keys }

    /// The stream stored at `key`.
    public func stream(_ key: ByteBuffer) -> Stream? { streams[key] }

    /// Whether `key` exists.
    public func contains(_ key: ByteBuffer) -> Bool { streams[key] != nil }

    /// An estimate of the memory the entries, pending lists and bookkeeping take, in bytes.
    public var estimatedMemoryBytes: Int {
        var total = 64 * streams.count
        for (key, stream) in streams {
            total += key.readableBytes + 128
            for b in stream.head..<stream.blocks.count {
                total += stream.blocks[b].bytes.capacity + MemoryLayout<StreamBlock>.stride + 48
            }
            for (name, group) in stream.groups {
                total += name.readableBytes + 128 + group.pending.count * (MemoryLayout<PendingEntry>.stride + 16)
                for case let consumer? in group.consumerSlots {
                    total += consumer.name.readableBytes + 96 + consumer.pending.count * 16
                }
            }
        }
        return total
    }

    /// A key's own copy of its bytes, so a stored key never pins a larger network buffer.
    static func ownedKey(_ key: ByteBuffer) -> ByteBuffer {
        ByteBuffer(bytes: key.readableBytesView)
    }

    /// Runs `body` on the stream at `key` in place, creating it first when `create` is set.
    mutating func withStream<R>(_ key: ByteBuffer, create: Bool, _ body: (inout Stream) throws -> R) rethrows -> R? {
        // One hash lookup on the hot path: find the slot, then mutate the value in place through it.
        if let index = streams.index(forKey: key) {
            return try body(&streams.values[index])
        }
        guard create else { return nil }
        let owned = Self.ownedKey(key)
        streams[owned] = Stream(limits: blockLimits)
        return try body(&streams[owned]!)
    }

    /// The last generated id of `key`'s stream, without copying the stream.
    public func lastGeneratedID(of key: ByteBuffer) -> StreamID? {
        guard let index = streams.index(forKey: key) else { return nil }
        return streams.values[index].lastGeneratedID
    }

    /// Runs `body` on group `group` of `key` in place; nil when either is missing.
    mutating func withGroup<R>(
        _ key: ByteBuffer, _ group: ByteBuffer, _ body: (inout ConsumerGroup) throws -> R
    ) rethrows -> R? {
        guard streams[key]?.groups[group] != nil else { return nil }
        return try body(&streams[key]!.groups[group]!)
    }
}
