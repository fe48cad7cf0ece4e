import AugurStreams
import NIOCore

/// A blocked XREAD or XREADGROUP, remembered until data arrives, it times out or the client leaves.
struct BlockedRead {
    /// Which group read this is, for XREADGROUP.
    struct GroupRead {
        var group: ByteBuffer
        var consumer: ByteBuffer
        var noAck: Bool
    }

    var client: ClientID
    /// The stream keys, each its own copy.
    var keys: [ByteBuffer]
    /// For XREAD: serve entries after these ids (`$` already resolved), one per key.
    var afterIDs: [StreamID]
    /// Most entries to return per stream; 0 means all.
    var count: Int
    var group: GroupRead?
}

/// The blocked reads, findable by client and, in arrival order, by key.
struct BlockedClients {
    private(set) var byClient: [ClientID: BlockedRead] = [:]
    private var byKey: [ByteBuffer: [ClientID]] = [:]

    /// Whether any client waits on `key`.
    func isWaiting(on key: ByteBuffer) -> Bool {
        !byKey.isEmpty && byKey[key] != nil
    }

    /// Every key someone waits on.
    var waitedKeys: Dictionary<ByteBuffer, [ClientID]>.Keys { byKey.keys }

    /// The clients waiting on `key`, first come first.
    func waiters(on key: ByteBuffer) -> [ClientID] {
        byKey[key] ?? []
    }

    mutating func add(_ read: BlockedRead) {
        remove(read.client)
        byClient[read.client] = read
        for key in read.keys where byKey[key]?.contains(read.client) != true {
            byKey[key, default: []].append(read.client)
        }
    }

    @discardableResult
    mutating func remove(_ client: ClientID) -> BlockedRead? {
        guard let read = byClient.removeValue(forKey: client) else { return nil }
        for key in read.keys {
            guard var list = byKey[key] else { continue }
            list.removeAll { $0 == client }
            byKey[key] = list.isEmpty ? nil : list
        }
        return read
    }
}
