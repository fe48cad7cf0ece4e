import AugurRESP
import AugurStreams
import NIOCore

/// XREAD and XREADGROUP, including blocking and serving blocked clients when their keys change.
extension EngineState {
    /// How one stream argument of XREAD/XREADGROUP asked to read.
    enum ReadStart {
        case after(StreamID)
        /// XREAD `+`: the last entry.
        case lastEntry
        /// XREADGROUP `>`: entries never delivered to the group.
        case newEntries
    }

    mutating func xread(_ a: [ByteBuffer], client: ClientID, group isGroupRead: Bool) throws -> CommandOutcome {
        var timeout: Int64? = nil
        var count = 0
        var groupName: ByteBuffer?
        var consumerName: ByteBuffer?
        var noAck = false
        var streamsIndex = 0
        var i = 1
        while i < a.count {
            let more = a.count - 1 - i
            let word = a[i]
            if more > 0 && Arguments.equalsIgnoringCase(word, "block") {
                guard let ms = Arguments.int64(a[i + 1]) else {
                    throw CommandError("ERR timeout is not an integer or out of range")
                }
                if ms < 0 { throw CommandError("ERR timeout is negative") }
                timeout = ms
                i += 2
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "count") {
                guard let n = Arguments.int64(a[i + 1]) else { throw CommandError.notInteger }
                count = n < 0 ? 0 : Int(clamping: n)
                i += 2
            } else if more > 0 && Arguments.equalsIgnoringCase(word, "streams") {
                streamsIndex = i + 1
                if (a.count - streamsIndex) % 2 != 0 {
                    throw CommandError(
                        "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.")
                }
                break
            } else if more >= 2 && Arguments.equalsIgnoringCase(word, "group") {
                if !isGroupRead {
                    throw CommandError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
                }
                groupName = a[i + 1]
                consumerName = a[i + 2]
                i += 3
            } else if Arguments.equalsIgnoringCase(word, "noack") {
                if !isGroupRead {
                    throw CommandError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
                }
                noAck = true
                i += 1
            } else {
                throw CommandError.syntax
            }
        }
        if streamsIndex == 0 { throw CommandError.syntax }
        if isGroupRead && groupName == nil { throw CommandError("ERR Missing GROUP option for XREADGROUP") }
        let streamCount = (a.count - streamsIndex) / 2
        let keys = a[streamsIndex..<(streamsIndex + streamCount)]
        var starts: [ReadStart] = []
        starts.reserveCapacity(streamCount)
        for (k, key) in keys.enumerated() {
            let idArg = a[streamsIndex + streamCount + k]
            if let groupName {
                guard store.stream(key)?.groups[groupName] != nil else {
                    throw CommandError(
                        "NOGROUP No such key '\(Arguments.text(key))' or consumer group '\(Arguments.text(groupName))' in XREADGROUP with GROUP option"
                    )
                }
            }
            if Arguments.isByte(idArg, UInt8(ascii: "$")) {
                if isGroupRead {
                    throw CommandError(
                        "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."
                    )
                }
                starts.append(.after(store.stream(key)?.lastGeneratedID ?? .zero))
            } else if Arguments.isByte(idArg, UInt8(ascii: ">")) {
                if !isGroupRead {
                    throw CommandError(
                        "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."
                    )
                }
                starts.append(.newEntries)
            } else if !isGroupRead && Arguments.isByte(idArg, UInt8(ascii: "+")) {
                starts.append(.lastEntry)
            } else {
                guard let id = StreamIDParser.parseStrict(idArg) else { throw CommandError.invalidStreamID }
                starts.append(.after(id))
            }
        }

        var served: [(ByteBuffer, RESPValue)] = []
        for (k, key) in keys.enumerated() {
            guard store.contains(key) else { continue }
            if let groupName, let consumerName {
                switch starts[k] {
                case .newEntries:
                    let entries = deliverNew(
                        key: key, group: groupName, consumer: consumerName, count: count, noAck: noAck)
                    if !entries.isEmpty { served.append((key, .array(entries))) }
                case .after(let id):
                    served.append(
                        (key, .array(readHistory(key: key, group: groupName, consumer: consumerName, after: id, count: count))))
                case .lastEntry:
                    break
                }
            } else {
                let entries = readAfter(key: key, start: starts[k], count: count)
                if !entries.isEmpty { served.append((key, .array(entries))) }
            }
        }
        if !served.isEmpty {
            return .reply(EntryReplies.streamsReply(served, protocolVersion: protocolVersion(of: client)))
        }
        guard let timeout else { return .reply(.nullArray) }

        var afterIDs: [StreamID] = []
        for (k, key) in keys.enumerated() {
            switch starts[k] {
            case .after(let id): afterIDs.append(id)
            case .lastEntry, .newEntries: afterIDs.append(store.stream(key)?.lastGeneratedID ?? .zero)
            }
        }
        let groupRead = groupName.map {
            BlockedRead.GroupRead(
                group: ByteBuffer(bytes: $0.readableBytesView),
                consumer: ByteBuffer(bytes: consumerName!.readableBytesView), noAck: noAck)
        }
        blocking.add(
            BlockedRead(
                client: client, keys: keys.map { ByteBuffer(bytes: $0.readableBytesView) }, afterIDs: afterIDs,
                count: count, group: groupRead))
        return .blocked(timeout: timeout == 0 ? nil : .milliseconds(timeout))
    }

    /// XREAD: entries after the start id (or the last entry for `+`).
    mutating func readAfter(key: ByteBuffer, start: ReadStart, count: Int) -> [RESPValue] {
        guard let stream = store.stream(key), let last = stream.lastEntryID else { return [] }
        switch start {
        case .after(let id):
            guard last > id, let from = id.successor else { return [] }
            return EntryReplies.range(stream, from: from, through: .max, count: count)
        case .lastEntry:
            return EntryReplies.range(stream, from: last, through: last, count: 1)
        case .newEntries:
            return []
        }
    }

    /// XREADGROUP `>`: hands the consumer the entries after the group's cursor and logs the delivery.
    mutating func deliverNew(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, count: Int, noAck: Bool)
        -> [RESPValue]
    {
        guard let (collected, lastID, entriesRead) = collectNew(key: key, group: group, count: count) else {
            return []
        }
        let time = now
        commit(
            .deliverNew(
                key: key, group: group, consumer: consumer, time: time, lastID: lastID, entriesRead: entriesRead,
                ids: collected.map(\.0), noAck: noAck))
        return EntryReplies.replies(collected)
    }

    /// The entries a `>` read would get and the group cursor after it; the stream copy ends here, before
    /// the store is written, so no block or pending list is copied.
    private mutating func collectNew(key: ByteBuffer, group: ByteBuffer, count: Int)
        -> ([(StreamID, StreamEntryFields)], StreamID, Int64)?
    {
        guard let stream = store.stream(key), let g = stream.groups[group] else { return nil }
        guard let last = stream.lastEntryID, last > g.lastDeliveredID, let from = g.lastDeliveredID.successor else {
            return nil
        }
        var collected: [(StreamID, StreamEntryFields)] = []
        if count > 0 { collected.reserveCapacity(min(count, 1024)) }
        stream.forEachEntry(from: from, through: .max) { id, fields in
            collected.append((id, fields))
            return count == 0 || collected.count < count
        }
        guard !collected.isEmpty else { return nil }
        var cursor = g
        var entriesRead = g.entriesRead
        for (id, _) in collected {
            entriesRead = stream.entriesReadAfterDelivering(id, group: cursor)
            cursor = ConsumerGroup(lastDeliveredID: id, entriesRead: entriesRead)
        }
        return (collected, collected[collected.count - 1].0, entriesRead)
    }

    /// XREADGROUP with an id: the consumer's own pending entries after `after`; re-delivery is logged.
    mutating func readHistory(key: ByteBuffer, group: ByteBuffer, consumer: ByteBuffer, after: StreamID, count: Int)
        -> [RESPValue]
    {
        let time = now
        var replies: [RESPValue] = []
        var updates: [PendingUpdate] = []
        do {
            guard let stream = store.stream(key), let g = stream.groups[group] else { return [] }
            if let c = g.consumer(named: consumer), let from = after.successor {
                c.pending.forEach(from: from) { id, _ in
                    if let fields = stream.entry(id) {
                        replies.append(EntryReplies.entry(id, fields))
                        let count = g.pending[id]!.deliveryCount
                        updates.append(PendingUpdate(id: id, deliveryTime: time, deliveryCount: count + 1))
                    } else {
                        replies.append(.array([EntryReplies.id(id), .nullArray]))
                    }
                    return count == 0 || replies.count < count
                }
            }
        }
        commit(.touchConsumer(key: key, group: group, consumer: consumer, seenTime: time, activeTime: nil))
        if !updates.isEmpty { commit(.setPending(key: key, group: group, consumer: consumer, entries: updates)) }
        return replies
    }

    /// Serves blocked clients whose keys were written, in FIFO order per key.
    mutating func serveReadyKeys() {
        while !readyKeys.isEmpty {
            let keys = readyKeys
            readyKeys.removeAll()
            var seen = Set<ByteBuffer>()
            for key in keys where seen.insert(key).inserted {
                for client in blocking.waiters(on: key) {
                    guard let read = blocking.byClient[client], let reply = serve(read, key: key) else { continue }
                    blocking.remove(client)
                    pendingWakeups.append((client, reply))
                }
            }
        }
    }

    /// The reply a blocked read gets now that `key` changed, or nil when it keeps waiting.
    mutating func serve(_ read: BlockedRead, key: ByteBuffer) -> RESPValue? {
        guard let k = read.keys.firstIndex(of: key) else { return nil }
        let entries: [RESPValue]
        if let groupRead = read.group {
            guard store.contains(key) else {
                return .error("UNBLOCKED the stream key no longer exists")
            }
            guard store.stream(key)?.groups[groupRead.group] != nil else {
                return .error("NOGROUP the consumer group this client was blocked on no longer exists")
            }
            entries = deliverNew(
                key: key, group: groupRead.group, consumer: groupRead.consumer, count: read.count,
                noAck: groupRead.noAck)
        } else {
            entries = readAfter(key: key, start: .after(read.afterIDs[k]), count: read.count)
        }
        if entries.isEmpty { return nil }
        return EntryReplies.streamsReply([(key, .array(entries))], protocolVersion: protocolVersion(of: read.client))
    }
}
