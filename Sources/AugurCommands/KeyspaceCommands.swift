import AugurRESP
import AugurStreams
import NIOCore

/// DEL, EXISTS, TYPE, KEYS, SCAN, FLUSHDB and FLUSHALL over the stream keyspace.
extension EngineState {
    mutating func del(_ a: [ByteBuffer]) -> RESPValue {
        var seen = Set<ByteBuffer>()
        let existing = a[1...].filter { store.contains($0) && seen.insert($0).inserted }
        if existing.isEmpty { return .integer(0) }
        commit(.deleteKeys(Array(existing)))
        for key in existing { signalKey(key) }
        return .integer(Int64(existing.count))
    }

    mutating func exists(_ a: [ByteBuffer]) -> RESPValue {
        .integer(Int64(a[1...].reduce(0) { $0 + (store.contains($1) ? 1 : 0) }))
    }

    mutating func type(_ a: [ByteBuffer]) -> RESPValue {
        .simpleString(store.contains(a[1]) ? "stream" : "none")
    }

    mutating func keys(_ a: [ByteBuffer]) -> RESPValue {
        let pattern = a[1].readableBytesView
        let all = pattern.count == 1 && pattern.first == UInt8(ascii: "*")
        return .array(
            store.keys.filter { all || GlobPattern.matches(pattern, $0.readableBytesView) }.map { .bulkString($0) })
    }

    mutating func scan(_ a: [ByteBuffer]) throws -> RESPValue {
        guard let cursor = Arguments.uint64(a[1]) else { throw CommandError("ERR invalid cursor") }
        var pattern: ByteBuffer?
        var count = 10
        var typeFilter: String?
        var i = 2
        while i < a.count {
            let more = a.count - 1 - i
            if Arguments.equalsIgnoringCase(a[i], "count") && more >= 1 {
                guard let n = Arguments.int64(a[i + 1]) else { throw CommandError.notInteger }
                if n < 1 { throw CommandError.syntax }
                count = Int(clamping: n)
                i += 2
            } else if Arguments.equalsIgnoringCase(a[i], "match") && more >= 1 {
                pattern = a[i + 1]
                i += 2
            } else if Arguments.equalsIgnoringCase(a[i], "type") && more >= 1 {
                typeFilter = Arguments.text(a[i + 1]).lowercased()
                i += 2
            } else {
                throw CommandError.syntax
            }
        }
        let (page, next) = ScanOrder.page(after: cursor, count: count, keys: store.keys)
        let matching = page.filter { key in
            if let typeFilter, typeFilter != "stream" { return false }
            if let pattern { return GlobPattern.matches(pattern.readableBytesView, key.readableBytesView) }
            return true
        }
        return .array([.bulk(String(next)), .array(matching.map { .bulkString($0) })])
    }

    mutating func flush(_ a: [ByteBuffer]) throws -> RESPValue {
        if a.count > 2 { throw CommandError.syntax }
        if a.count == 2 && !Arguments.equalsIgnoringCase(a[1], "async") && !Arguments.equalsIgnoringCase(a[1], "sync") {
            throw CommandError.syntax
        }
        let waited = Array(blocking.waitedKeys)
        commit(.removeAll)
        for key in waited { signalKey(key) }
        return .ok
    }
}
