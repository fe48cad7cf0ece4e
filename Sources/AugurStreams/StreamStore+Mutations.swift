import NIOCore

/// A pending entry's new state, as XCLAIM, XAUTOCLAIM and history reads set it.
public struct PendingUpdate: Sendable, Equatable {
    /// The entry id.
    public var id: StreamID
    /// The new delivery time (Unix ms).
    public var deliveryTime: Int64
    /// The new delivery count.
    public var deliveryCount: UInt64

    /// Creates an update.
    public init(id: StreamID, deliveryTime: Int64, deliveryCount: UInt64) {
        self.id = id
        self.deliveryTime = deliveryTime
        self.deliveryCount = deliveryCount
    }
}

/// The state changes every write is made of. Each one corresponds to one `MutationRecord`, so what the
/// engine does live and what replay does run the same code.
extension StreamStore {
    /// Appends an entry with an already resolved id, creating the stream when missing.
    public mutating func addEntry(key: ByteBuffer, id: StreamID, fields: ArraySlice<ByteBuffer>) {
        withStream(key, create: true) { $0.append(id: id, fields: fields) }
    }

    /// XDEL: deletes the live entries among `ids`; returns how many were deleted.
    @discardableResult
    public mutating func deleteEntries(key: ByteBuffer, ids: [StreamID]) -> Int {
        withStream(key, create: false) { stream in
            var deleted = 0
            for id in ids where stream.deleteEntry(id) {
                deleted += 1
                if id > stream.maxDeletedID { stream.maxDeletedID = id }
            }
            return deleted
        } ?? 0
    }

    /// Trimming: removes the first `count` live entries.
    public mutating func trimFront(key: ByteBuffer, count: Int) {
        withStream(key, create: false) { $0.removeFirstEntries(count) }
    }

    /// Creates a group; returns false when the key is missing (and `makeStream` unset) or the group exists.
    @discardableResult
    public mutating func createGroup(
        key: ByteBuffer, group: ByteBuffer, lastID: StreamID, entriesRead: Int64, makeStream: Bool
    ) -> Bool {
        withStream(key, create: makeStream) { stream in
            guard stream.groups[group] == nil else { return false }
            stream.groups[Self.ownedKey(group)] = ConsumerGroup(lastDeliveredID: lastID, entriesRead: entriesRead)
            return true
        } ?? false
    }

    /// XGROUP SETID and cursor moves: sets a group's last-delivered id and read counter.
    @discardableResult
    public mutating func setGroupCursor(key: ByteBuffer, group: ByteBuffer, lastID: StreamID, entriesRead: Int64)
        -> Bool
    {
        withGroup(key, group) { (g: inout ConsumerGroup) -> Bool in
            g.lastDeliveredID = lastID
            g.entriesRead = entriesRead
            return true
        } ?? false
    }

    /// XGROUP DESTROY; returns whether the group existed.
    @discardableResult
    public mutating func destroyGroup(key: ByteBuffer, group: ByteBuffer) -> Bool {
        withStream(key, create: false) { $0.groups.removeValue(forKey: group) != nil } ?? false
    }

    /// Creates a consumer when missing and sets its seen time (and active time when given).
    /// Returns whether it was created, or nil when the group is missing.
    @discardableResult
    public mutating func touchConsumer(
        key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, seenTime: Int64, activeTime: Int64?
    ) -> Bool? {
        withGroup(key, group) { g in g.touchConsumer(consumer, seenTime: seenTime, activeTime: activeTime).1 }
    }

    /// XGROUP DELCONSUMER; returns the consumer's pending count, nil when it (or the group) is missing.
    @discardableResult
    public mutating func deleteConsumer(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer) -> Int? {
        withGroup(key, group) { g in g.deleteConsumer(consumer) } ?? nil
    }

    /// XREADGROUP `>`: the consumer got `ids` at `time`; the group cursor moves to `lastID`/`entriesRead`.
    /// Without `noAck` each id becomes pending for the consumer with a delivery count of 1.
    @discardableResult
    public mutating func deliverNew(
        key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, time: Int64, lastID: StreamID,
        entriesRead: Int64, ids: [StreamID], noAck: Bool
    ) -> Bool {
        withGroup(key, group) { (g: inout ConsumerGroup) -> Bool in
            let (slot, _) = g.touchConsumer(consumer, seenTime: time, activeTime: time)
            if !noAck {
                for id in ids { g.setPending(id, slot: slot, deliveryTime: time, deliveryCount: 1) }
            }
            g.lastDeliveredID = lastID
            g.entriesRead = entriesRead
            return true
        } ?? false
    }

    /// Sets pending entries for `consumer` (which must exist), moving them from other consumers.
    @discardableResult
    public mutating func setPending(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, entries: [PendingUpdate])
        -> Bool
    {
        withGroup(key, group) { g in
            guard let slot = g.slotsByName[consumer] else { return false }
            for e in entries {
                g.setPending(e.id, slot: slot, deliveryTime: e.deliveryTime, deliveryCount: e.deliveryCount)
            }
            return true
        } ?? false
    }

    /// XACK (and dropping deleted entries from a PEL); returns how many ids were pending.
    @discardableResult
    public mutating func acknowledge(key: ByteBuffer, group: ByteBuffer, ids: [StreamID]) -> Int {
        withGroup(key, group) { g in
            var acknowledged = 0
            for id in ids where g.removePending(id) { acknowledged += 1 }
            return acknowledged
        } ?? 0
    }

    /// XACK's live path: removes the pending ids among `ids` and returns exactly those, in order.
    public mutating func acknowledgeReturningRemoved(key: ByteBuffer, group: ByteBuffer, ids: [StreamID]) -> [StreamID] {
        withGroup(key, group) { g in
            var removed: [StreamID] = []
            removed.reserveCapacity(ids.count)
            for id in ids where g.removePending(id) { removed.append(id) }
            return removed
        } ?? []
    }

    /// DEL; returns how many keys existed.
    @discardableResult
    public mutating func deleteKeys(_ keys: [ByteBuffer]) -> Int {
        var deleted = 0
        for key in keys where streams.removeValue(forKey: key) != nil { deleted += 1 }
        return deleted
    }

    /// FLUSHALL / FLUSHDB.
    public mutating func removeAll() {
        streams = [:]
    }

    /// Sets a stream's counters, creating it empty when missing (used to rebuild a state and by XSETID).
    public mutating func setStreamMeta(key: ByteBuffer, lastID: StreamID, maxDeletedID: StreamID, entriesAdded: UInt64) {
        withStream(key, create: true) { stream in
            stream.lastGeneratedID = lastID
            stream.maxDeletedID = maxDeletedID
            stream.entriesAdded = entriesAdded
        }
    }
}
