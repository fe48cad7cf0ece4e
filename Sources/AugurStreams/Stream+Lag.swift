/// Redis 7's bookkeeping of how far a consumer group has read, including its estimates after deletions.
extension Stream {
    /// Whether an XDEL tombstone may lie at or after `start` (Redis's streamRangeHasTombstones with no end).
    public func hasTombstones(from start: StreamID) -> Bool {
        if length == 0 || maxDeletedID.isZero { return false }
        if let first = firstEntryID, first > maxDeletedID { return false }
        return start <= maxDeletedID
    }

    /// The logical read counter of `id`, or `ConsumerGroup.invalidEntriesRead` when it cannot be known.
    public func estimatedEntriesRead(upTo id: StreamID) -> Int64 {
        if entriesAdded == 0 { return 0 }
        if length == 0 && id <= lastGeneratedID { return Int64(entriesAdded) }
        if id == lastGeneratedID { return Int64(entriesAdded) }
        if id > lastGeneratedID { return ConsumerGroup.invalidEntriesRead }
        let first = firstEntryID ?? .zero
        if maxDeletedID.isZero || maxDeletedID < first {
            if id < first { return Int64(entriesAdded) - Int64(length) }
            if id == first { return Int64(entriesAdded) - Int64(length) + 1 }
        }
        return ConsumerGroup.invalidEntriesRead
    }

    /// The number of entries the group has yet to read, or nil when deletions make it unknowable.
    public func lag(of group: ConsumerGroup) -> Int64? {
        if entriesAdded == 0 { return 0 }
        if group.entriesRead != ConsumerGroup.invalidEntriesRead && !hasTombstones(from: group.lastDeliveredID) {
            return Int64(entriesAdded) - group.entriesRead
        }
        let estimate = estimatedEntriesRead(upTo: group.lastDeliveredID)
        if estimate == ConsumerGroup.invalidEntriesRead { return nil }
        return Int64(entriesAdded) - estimate
    }

    /// The group's read counter after it is handed `id`, the way XREADGROUP advances it.
    public func entriesReadAfterDelivering(_ id: StreamID, group: ConsumerGroup) -> Int64 {
        if group.entriesRead != ConsumerGroup.invalidEntriesRead && !hasTombstones(from: id) {
            return group.entriesRead + 1
        }
        if entriesAdded > 0 { return estimatedEntriesRead(upTo: id) }
        return group.entriesRead
    }
}
