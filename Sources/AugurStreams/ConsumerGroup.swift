import NIOCore

/// One unacknowledged delivery in a group's pending entries list.
public struct PendingEntry: Sendable, Equatable {
    /// When the entry was last delivered, in Unix milliseconds.
    public var deliveryTime: Int64
    /// How many times it was delivered.
    public var deliveryCount: UInt64
    /// The owning consumer's slot in the group.
    var consumerSlot: UInt32

    init(deliveryTime: Int64, deliveryCount: UInt64, consumerSlot: UInt32) {
        self.deliveryTime = deliveryTime
        self.deliveryCount = deliveryCount
        self.consumerSlot = consumerSlot
    }
}

/// A consumer of a group: its name, times and the ids it owns.
public struct Consumer: Sendable {
    /// The consumer's name.
    public let name: ByteBuffer
    /// Last time the consumer tried to read or claim, in Unix milliseconds.
    public internal(set) var seenTime: Int64
    /// Last time the consumer read or claimed something, or -1 when never.
    public internal(set) var activeTime: Int64
    /// Ids pending for this consumer, ascending.
    public internal(set) var pending = SortedIDMap<Void>()
}

/// A consumer group: its cursor, its pending entries list and its consumers.
public struct ConsumerGroup: Sendable {
    /// The sentinel for an unknown entries-read counter.
    public static let invalidEntriesRead: Int64 = -1

    /// The last id delivered to any consumer with `>`.
    public internal(set) var lastDeliveredID: StreamID
    /// Logical count of entries read by the group, or `invalidEntriesRead`.
    public internal(set) var entriesRead: Int64
    /// Every pending delivery of the group, ascending by id.
    public internal(set) var pending = SortedIDMap<PendingEntry>()
    /// Consumers by slot; a deleted consumer leaves nil so other slots keep their numbers.
    var consumerSlots: [Consumer?] = []
    var slotsByName: [ByteBuffer: UInt32] = [:]

    /// Creates a group positioned at `lastDeliveredID`.
    public init(lastDeliveredID: StreamID, entriesRead: Int64) {
        self.lastDeliveredID = lastDeliveredID
        self.entriesRead = entriesRead
    }

    /// Number of consumers.
    public var consumerCount: Int { slotsByName.count }

    /// The consumer named `name`.
    public func consumer(named name: ByteBuffer) -> Consumer? {
        guard let slot = slotsByName[name] else { return nil }
        return consumerSlots[Int(slot)]
    }

    /// The consumer that owns a pending entry.
    public func owner(of entry: PendingEntry) -> Consumer {
        consumerSlots[Int(entry.consumerSlot)]!
    }

    /// Consumers sorted by name (byte order), as Redis lists them.
    public var consumersByName: [Consumer] {
        slotsByName.keys.sorted(by: ByteOrder.less).map { consumerSlots[Int(slotsByName[$0]!)]! }
    }

    /// Creates the consumer when missing and sets its times; returns its slot and whether it was created.
    @discardableResult
    mutating func touchConsumer(_ name: ByteBuffer, seenTime: Int64, activeTime: Int64?) -> (UInt32, Bool) {
        if let slot = slotsByName[name] {
            consumerSlots[Int(slot)]!.seenTime = seenTime
            if let activeTime { consumerSlots[Int(slot)]!.activeTime = activeTime }
            return (slot, false)
        }
        let owned = ByteBuffer(bytes: name.readableBytesView)
        let slot = UInt32(consumerSlots.count)
        consumerSlots.append(Consumer(name: owned, seenTime: seenTime, activeTime: activeTime ?? -1))
        slotsByName[owned] = slot
        return (slot, true)
    }

    /// Deletes a consumer and its pending entries; returns how many it had, or nil when it did not exist.
    mutating func deleteConsumer(_ name: ByteBuffer) -> Int? {
        guard let slot = slotsByName.removeValue(forKey: name) else { return nil }
        let consumer = consumerSlots[Int(slot)]!
        consumer.pending.forEach { id, _ in
            pending.remove(id)
            return true
        }
        consumerSlots[Int(slot)] = nil
        while let last = consumerSlots.last, last == nil { consumerSlots.removeLast() }
        return consumer.pending.count
    }

    /// Records a delivery of `id` to consumer `slot`, moving ownership if another consumer held it.
    mutating func setPending(_ id: StreamID, slot: UInt32, deliveryTime: Int64, deliveryCount: UInt64) {
        let entry = PendingEntry(deliveryTime: deliveryTime, deliveryCount: deliveryCount, consumerSlot: slot)
        if let old = pending.set(id, entry), old.consumerSlot != slot {
            consumerSlots[Int(old.consumerSlot)]?.pending.remove(id)
        }
        consumerSlots[Int(slot)]!.pending.set(id, ())
    }

    /// Acknowledges `id`; returns whether it was pending.
    @discardableResult
    mutating func removePending(_ id: StreamID) -> Bool {
        guard let old = pending.remove(id) else { return false }
        consumerSlots[Int(old.consumerSlot)]?.pending.remove(id)
        return true
    }
}

/// Byte-wise ordering of names, the order Redis's radix trees list keys, groups and consumers in.
public enum ByteOrder {
    /// Whether `a` sorts before `b` comparing bytes (a prefix sorts first).
    public static func less(_ a: ByteBuffer, _ b: ByteBuffer) -> Bool {
        a.readableBytesView.lexicographicallyPrecedes(b.readableBytesView)
    }
}
