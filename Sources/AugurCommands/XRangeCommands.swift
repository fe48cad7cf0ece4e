import AugurRESP
import AugurStreams
import NIOCore

/// XLEN, XRANGE, XREVRANGE and XDEL.
extension EngineState {
    mutating func xlen(_ a: [ByteBuffer]) -> RESPValue {
        .integer(Int64(store.stream(a[1])?.length ?? 0))
    }

    mutating func xrange(_ a: [ByteBuffer], reverse: Bool) throws -> RESPValue {
        let startArg = reverse ? a[3] : a[2]
        let endArg = reverse ? a[2] : a[3]
        guard let (startBound, startExclusive) = StreamIDParser.parseBound(startArg, isEnd: false) else {
            throw CommandError.invalidStreamID
        }
        var low = startBound
        if startExclusive {
            guard let next = low.successor else { throw CommandError("ERR invalid start ID for the interval") }
            low = next
        }
        guard let (endBound, endExclusive) = StreamIDParser.parseBound(endArg, isEnd: true) else {
            throw CommandError.invalidStreamID
        }
        var high = endBound
        if endExclusive {
            guard let previous = high.predecessor else { throw CommandError("ERR invalid end ID for the interval") }
            high = previous
        }
        var count = -1
        var j = 4
        while j < a.count {
            if Arguments.equalsIgnoringCase(a[j], "count") && j + 1 < a.count {
                guard let n = Arguments.int64(a[j + 1]) else { throw CommandError.notInteger }
                count = n < 0 ? 0 : Int(clamping: n)
                j += 2
            } else {
                throw CommandError.syntax
            }
        }
        guard let stream = store.stream(a[1]) else { return .array([]) }
        // Redis answers a null array, not an empty one, when COUNT is zero or negative (on an existing key).
        if count == 0 { return .nullArray }
        return .array(EntryReplies.range(stream, from: low, through: high, count: max(count, 0), reverse: reverse))
    }

    mutating func xdel(_ a: [ByteBuffer]) throws -> RESPValue {
        var ids: [StreamID] = []
        ids.reserveCapacity(a.count - 2)
        for arg in a[2...] {
            guard let id = StreamIDParser.parseStrict(arg) else { throw CommandError.invalidStreamID }
            ids.append(id)
        }
        guard let stream = store.stream(a[1]) else { return .integer(0) }
        // Only ids that really go are logged, so replay never depends on duplicates or misses.
        var seen = Set<StreamID>()
        let existing = ids.filter { stream.contains($0) && seen.insert($0).inserted }
        if existing.isEmpty { return .integer(0) }
        commit(.deleteEntries(key: a[1], ids: existing))
        return .integer(Int64(existing.count))
    }
}
