import AugurRESP
import NIOCore

extension RedisCommandSending {
    /// XADD: appends an entry with `fields` to `key` (created if missing) and returns its id.
    public func xadd(
        _ key: String,
        id: String = "*",
        fields: [(name: ByteBuffer, value: ByteBuffer)],
        trim: StreamTrim? = nil
    ) async throws -> StreamID {
        var arguments = StreamCommandArguments(StreamCommandArguments.xadd, capacity: 7 + fields.count * 2)
        arguments.append(key)
        arguments.appendTrim(trim)
        arguments.append(id == "*" ? StreamCommandArguments.autoID : ByteBuffer(string: id))
        for field in fields {
            arguments.append(field.name)
            arguments.append(field.value)
        }
        return try StreamReplyParser.streamID(try await send(arguments.command), "XADD")
    }

    /// XADD with field names given as Strings.
    public func xadd(
        _ key: String,
        id: String = "*",
        fields: [(name: String, value: ByteBuffer)],
        trim: StreamTrim? = nil
    ) async throws -> StreamID {
        try await xadd(key, id: id, fields: fields.map { (ByteBuffer(string: $0.name), $0.value) }, trim: trim)
    }

    /// XREADGROUP: reads entries for `consumer` of `group`; id `>` means new entries, others replay the
    /// consumer's pending ones. Returns no streams when `block` ran out (`.zero` blocks forever).
    public func xreadgroup(
        group: String,
        consumer: String,
        count: Int? = nil,
        block: Duration? = nil,
        noAck: Bool = false,
        streams: [(key: String, id: String)]
    ) async throws -> [StreamMessages] {
        var arguments = StreamCommandArguments(StreamCommandArguments.xreadgroup, capacity: 10 + streams.count * 2)
        arguments.append(StreamCommandArguments.group)
        arguments.append(group)
        arguments.append(consumer)
        arguments.appendCountAndBlock(count: count, block: block)
        if noAck { arguments.append(StreamCommandArguments.noAck) }
        arguments.appendStreams(streams)
        return try StreamReplyParser.streams(try await send(arguments.command, blockingFor: block), command: "XREADGROUP")
    }

    /// XREAD: reads entries after each given id (`$` for only new ones). Returns no streams when `block`
    /// ran out (`.zero` blocks forever).
    public func xread(
        streams: [(key: String, id: String)],
        count: Int? = nil,
        block: Duration? = nil
    ) async throws -> [StreamMessages] {
        var arguments = StreamCommandArguments(StreamCommandArguments.xread, capacity: 6 + streams.count * 2)
        arguments.appendCountAndBlock(count: count, block: block)
        arguments.appendStreams(streams)
        return try StreamReplyParser.streams(try await send(arguments.command, blockingFor: block), command: "XREAD")
    }

    /// XACK: acknowledges `ids` for `group`; returns how many were pending.
    public func xack(_ key: String, group: String, ids: [StreamID]) async throws -> Int {
        var arguments = StreamCommandArguments(StreamCommandArguments.xack, capacity: 3 + ids.count)
        arguments.append(key)
        arguments.append(group)
        for id in ids { arguments.append(id) }
        return try StreamReplyParser.integer(try await send(arguments.command), "XACK")
    }

    /// XAUTOCLAIM: transfers to `consumer` entries pending longer than `minIdle`, scanning from `start`.
    public func xautoclaim(
        _ key: String,
        group: String,
        consumer: String,
        minIdle: Duration,
        start: StreamID = .zero,
        count: Int? = nil
    ) async throws -> StreamAutoClaimResult {
        var arguments = StreamCommandArguments(StreamCommandArguments.xautoclaim, capacity: 8)
        arguments.append(key)
        arguments.append(group)
        arguments.append(consumer)
        arguments.append(milliseconds: minIdle)
        arguments.append(start)
        if let count {
            arguments.append(StreamCommandArguments.count)
            arguments.append(count)
        }
        let reply = try await send(arguments.command)
        guard case .array(let parts) = reply, parts.count >= 2 else {
            throw StreamReplyParser.unexpected("XAUTOCLAIM", reply)
        }
        var deleted: [StreamID] = []
        if parts.count >= 3, case .array(let ids) = parts[2] {
            deleted = try ids.map { try StreamReplyParser.streamID($0, "XAUTOCLAIM") }
        }
        return StreamAutoClaimResult(
            next: try StreamReplyParser.streamID(parts[0], "XAUTOCLAIM"),
            messages: try StreamReplyParser.entries(parts[1], "XAUTOCLAIM"),
            deletedIDs: deleted
        )
    }

    /// XGROUP CREATE: creates `group` on `key` starting after `id` (`$`: only new entries, `0`: all).
    /// Returns false when the group already existed and `ignoreExisting` let the BUSYGROUP error pass.
    @discardableResult
    public func xgroupCreate(
        _ key: String,
        group: String,
        id: String = "$",
        mkstream: Bool = false,
        ignoreExisting: Bool = false
    ) async throws -> Bool {
        var arguments = StreamCommandArguments(StreamCommandArguments.xgroup, capacity: 6)
        arguments.append(StreamCommandArguments.create)
        arguments.append(key)
        arguments.append(group)
        arguments.append(id)
        if mkstream { arguments.append(StreamCommandArguments.mkstream) }
        do {
            _ = try await send(arguments.command)
            return true
        } catch RedisError.server(code: "BUSYGROUP", _) where ignoreExisting {
            return false
        }
    }

    /// XPENDING (summary form): how many entries `group` has pending, the id range, and the count per consumer.
    public func xpending(_ key: String, group: String) async throws -> StreamPendingSummary {
        var arguments = StreamCommandArguments(StreamCommandArguments.xpending, capacity: 3)
        arguments.append(key)
        arguments.append(group)
        let reply = try await send(arguments.command)
        guard case .array(let parts) = reply, parts.count == 4 else {
            throw StreamReplyParser.unexpected("XPENDING", reply)
        }
        let optionalID: (RESPValue) throws -> StreamID? = { value in
            switch value {
            case .null, .nullArray: return nil
            default: return try StreamReplyParser.streamID(value, "XPENDING")
            }
        }
        var consumers: [String: Int] = [:]
        switch parts[3] {
        case .array(let rows):
            for row in rows {
                guard case .array(let pair) = row, pair.count == 2 else { throw StreamReplyParser.unexpected("XPENDING", row) }
                consumers[try StreamReplyParser.string(pair[0], "XPENDING")] = try StreamReplyParser.integer(pair[1], "XPENDING")
            }
        case .map(let rows):
            for row in rows {
                consumers[try StreamReplyParser.string(row.key, "XPENDING")] = try StreamReplyParser.integer(row.value, "XPENDING")
            }
        case .null, .nullArray:
            break
        default:
            throw StreamReplyParser.unexpected("XPENDING", parts[3])
        }
        return StreamPendingSummary(
            count: try StreamReplyParser.integer(parts[0], "XPENDING"),
            lowestID: try optionalID(parts[1]),
            highestID: try optionalID(parts[2]),
            consumers: consumers
        )
    }

    /// XLEN: the number of entries in `key` (0 if it does not exist).
    public func xlen(_ key: String) async throws -> Int {
        var arguments = StreamCommandArguments(StreamCommandArguments.xlen, capacity: 2)
        arguments.append(key)
        return try StreamReplyParser.integer(try await send(arguments.command), "XLEN")
    }

    /// XRANGE: entries from `start` to `end` inclusive (`-` and `+` for the ends), at most `count`.
    public func xrange(_ key: String, start: String = "-", end: String = "+", count: Int? = nil) async throws -> [StreamMessage] {
        var arguments = StreamCommandArguments(StreamCommandArguments.xrange, capacity: 6)
        arguments.append(key)
        arguments.append(start)
        arguments.append(end)
        if let count {
            arguments.append(StreamCommandArguments.count)
            arguments.append(count)
        }
        return try StreamReplyParser.entries(try await send(arguments.command), "XRANGE")
    }
}

extension StreamCommandArguments {
    fileprivate mutating func appendTrim(_ trim: StreamTrim?) {
        switch trim {
        case nil:
            break
        case .maxLength(let count, let approximate):
            append(Self.maxLen)
            if approximate { append(Self.approximately) }
            append(count)
        case .minID(let id, let approximate):
            append(Self.minID)
            if approximate { append(Self.approximately) }
            append(id)
        }
    }

    fileprivate mutating func appendCountAndBlock(count: Int?, block: Duration?) {
        if let count {
            append(Self.count)
            append(count)
        }
        if let block {
            append(Self.block)
            append(blockMilliseconds: block)
        }
    }

    fileprivate mutating func appendStreams(_ streams: [(key: String, id: String)]) {
        append(Self.streams)
        for stream in streams { append(stream.key) }
        for stream in streams { append(stream.id) }
    }
}
