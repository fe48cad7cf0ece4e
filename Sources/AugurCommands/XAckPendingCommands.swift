import AugurRESP
import AugurStreams
import NIOCore

/// XACK and XPENDING.
extension EngineState {
    mutating func xack(_ a: [ByteBuffer]) throws -> RESPValue {
        var ids: [StreamID] = []
        ids.reserveCapacity(a.count - 3)
        for arg in a[3...] {
            guard let id = StreamIDParser.parseStrict(arg) else { throw CommandError.invalidStreamID }
            ids.append(id)
        }
        // Only the ids that really were pending are logged, so the record is exactly what changed.
        let acked = store.acknowledgeReturningRemoved(key: a[1], group: a[2], ids: ids)
        if acked.isEmpty { return .integer(0) }
        recordMutation { MutationCodec.write(.acknowledge(key: a[1], group: a[2], ids: acked), into: &$0) }
        return .integer(Int64(acked.count))
    }

    mutating func xpending(_ a: [ByteBuffer]) throws -> RESPValue {
        let summary = a.count == 3
        if a.count != 3 && (a.count < 6 || a.count > 9) { throw CommandError.syntax }
        var minIdle: Int64 = 0
        var low = StreamID.zero
        var high = StreamID.max
        var count = 0
        var consumerFilter: ByteBuffer?
        if a.count >= 6 {
            var start = 3
            if Arguments.equalsIgnoringCase(a[3], "idle") {
                guard let idle = Arguments.int64(a[4]) else { throw CommandError.notInteger }
                minIdle = idle
                if a.count < 8 { throw CommandError.syntax }
                start += 2
            }
            guard let n = Arguments.int64(a[start + 2]) else { throw CommandError.notInteger }
            count = n < 0 ? 0 : Int(clamping: n)
            guard let (lowBound, lowExclusive) = StreamIDParser.parseBound(a[start], isEnd: false) else {
                throw CommandError.invalidStreamID
            }
            low = lowBound
            if lowExclusive {
                guard let next = low.successor else { throw CommandError("ERR invalid start ID for the interval") }
                low = next
            }
            guard let (highBound, highExclusive) = StreamIDParser.parseBound(a[start + 1], isEnd: true) else {
                throw CommandError.invalidStreamID
            }
            high = highBound
            if highExclusive {
                guard let previous = high.predecessor else { throw CommandError("ERR invalid end ID for the interval") }
                high = previous
            }
            if start + 3 < a.count { consumerFilter = a[start + 3] }
        }
        guard let group = store.stream(a[1])?.groups[a[2]] else {
            throw CommandError.noKeyOrGroup(Arguments.text(a[1]), Arguments.text(a[2]))
        }
        if summary {
            guard let first = group.pending.first, let last = group.pending.last else {
                return .array([.integer(0), .null, .null, .nullArray])
            }
            var perConsumer: [RESPValue] = []
            for consumer in group.consumersByName where consumer.pending.count > 0 {
                perConsumer.append(
                    .array([.bulkString(consumer.name), .bulkString(ByteBuffer(string: String(consumer.pending.count)))]))
            }
            return .array([
                .integer(Int64(group.pending.count)), EntryReplies.id(first.id), EntryReplies.id(last.id),
                .array(perConsumer),
            ])
        }
        let time = now
        var rows: [RESPValue] = []
        func row(_ id: StreamID, _ entry: PendingEntry, _ name: ByteBuffer) -> Bool {
            if id > high { return false }
            let idle = max(0, time - entry.deliveryTime)
            if minIdle > 0 && idle < minIdle { return true }
            rows.append(
                .array([EntryReplies.id(id), .bulkString(name), .integer(idle), .integer(Int64(entry.deliveryCount))]))
            return rows.count < count
        }
        guard count > 0 else { return .array([]) }
        if let consumerFilter {
            guard let consumer = group.consumer(named: consumerFilter) else { return .array([]) }
            consumer.pending.forEach(from: low) { id, _ in row(id, group.pending[id]!, consumer.name) }
        } else {
            group.pending.forEach(from: low) { id, entry in row(id, entry, group.owner(of: entry).name) }
        }
        return .array(rows)
    }
}
