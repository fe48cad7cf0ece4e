import AugurRESP
import AugurStreams
import NIOCore

/// XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS / HELP, as maps (flattened for RESP2 by the encoder).
extension EngineState {
    static let xinfoHelp: [String] = [
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.",
    ]

    mutating func xinfo(_ a: [ByteBuffer]) throws -> RESPValue {
        let typed = Arguments.text(a[1])
        let sub = typed.lowercased()
        let arity: Int
        switch sub {
        case "stream": arity = -3
        case "groups": arity = 3
        case "consumers": arity = 4
        case "help": arity = 2
        default: throw CommandError.unknownSubcommand(typed, "XINFO")
        }
        guard arity >= 0 ? a.count == arity : a.count >= -arity else {
            throw CommandError.arity("xinfo|\(sub)")
        }
        if sub == "help" { return .array(Self.xinfoHelp.map { .simpleString($0) }) }
        guard let stream = store.stream(a[2]) else { throw CommandError.noSuchKey }
        switch sub {
        case "consumers":
            guard let group = stream.groups[a[3]] else {
                throw CommandError.noGroupForKey(Arguments.text(a[3]), Arguments.text(a[2]))
            }
            let time = now
            let withActive = configuration.reportsActiveTime
            return .array(
                group.consumersByName.map { consumer in
                    var fields = [
                        Self.field("name", .bulkString(consumer.name)),
                        Self.field("pending", .integer(Int64(consumer.pending.count))),
                        Self.field("idle", .integer(max(0, time - consumer.seenTime))),
                    ]
                    if withActive {
                        let inactive = consumer.activeTime < 0 ? -1 : max(0, time - consumer.activeTime)
                        fields.append(Self.field("inactive", .integer(inactive)))
                    }
                    return .map(fields)
                })
        case "groups":
            return .array(
                Self.sortedGroups(stream).map { name, group in
                    .map([
                        Self.field("name", .bulkString(name)),
                        Self.field("consumers", .integer(Int64(group.consumerCount))),
                        Self.field("pending", .integer(Int64(group.pending.count))),
                        Self.field("last-delivered-id", EntryReplies.id(group.lastDeliveredID)),
                        Self.field("entries-read", Self.entriesRead(group)),
                        Self.field("lag", stream.lag(of: group).map { .integer($0) } ?? .null),
                    ])
                })
        default:
            return try streamInfo(stream, a, typed: typed)
        }
    }

    mutating func streamInfo(_ stream: Stream, _ a: [ByteBuffer], typed: String) throws -> RESPValue {
        var full = false
        var count = 10
        let options = a.count - 3
        if options > 0 {
            guard options == 1 || options == 3, Arguments.equalsIgnoringCase(a[3], "full") else {
                throw CommandError.subcommandSyntax(typed, "XINFO")
            }
            full = true
            if options == 3 {
                guard Arguments.equalsIgnoringCase(a[4], "count") else {
                    throw CommandError.subcommandSyntax(typed, "XINFO")
                }
                guard let n = Arguments.int64(a[5]) else { throw CommandError.notInteger }
                count = n < 0 ? 10 : Int(clamping: n)
            }
        }
        var fields: [RESPMapEntry] = [
            Self.field("length", .integer(Int64(stream.length))),
            Self.field("radix-tree-keys", .integer(Int64(stream.blockCount))),
            Self.field("radix-tree-nodes", .integer(Int64(stream.blockCount + 1))),
            Self.field("last-generated-id", EntryReplies.id(stream.lastGeneratedID)),
            Self.field("max-deleted-entry-id", EntryReplies.id(stream.maxDeletedID)),
            Self.field("entries-added", .integer(Int64(stream.entriesAdded))),
            Self.field("recorded-first-entry-id", EntryReplies.id(stream.firstEntryID ?? .zero)),
        ]
        if !full {
            fields.append(Self.field("groups", .integer(Int64(stream.groups.count))))
            let first = EntryReplies.range(stream, from: .zero, through: .max, count: 1)
            let last = EntryReplies.range(stream, from: .zero, through: .max, count: 1, reverse: true)
            fields.append(Self.field("first-entry", first.first ?? .null))
            fields.append(Self.field("last-entry", last.first ?? .null))
            return .map(fields)
        }
        fields.append(
            Self.field("entries", .array(EntryReplies.range(stream, from: .zero, through: .max, count: count))))
        var groups: [RESPValue] = []
        for (name, group) in Self.sortedGroups(stream) {
            var pending: [RESPValue] = []
            group.pending.forEach { id, entry in
                if count > 0 && pending.count >= count { return false }
                pending.append(
                    .array([
                        EntryReplies.id(id), .bulkString(group.owner(of: entry).name), .integer(entry.deliveryTime),
                        .integer(Int64(entry.deliveryCount)),
                    ]))
                return true
            }
            var consumers: [RESPValue] = []
            for consumer in group.consumersByName {
                var owned: [RESPValue] = []
                consumer.pending.forEach { id, _ in
                    if count > 0 && owned.count >= count { return false }
                    let entry = group.pending[id]!
                    owned.append(
                        .array([EntryReplies.id(id), .integer(entry.deliveryTime), .integer(Int64(entry.deliveryCount))]))
                    return true
                }
                var fields = [
                    Self.field("name", .bulkString(consumer.name)),
                    Self.field("seen-time", .integer(consumer.seenTime)),
                ]
                if configuration.reportsActiveTime {
                    fields.append(Self.field("active-time", .integer(consumer.activeTime)))
                }
                fields.append(Self.field("pel-count", .integer(Int64(consumer.pending.count))))
                fields.append(Self.field("pending", .array(owned)))
                consumers.append(.map(fields))
            }
            groups.append(
                .map([
                    Self.field("name", .bulkString(name)),
                    Self.field("last-delivered-id", EntryReplies.id(group.lastDeliveredID)),
                    Self.field("entries-read", Self.entriesRead(group)),
                    Self.field("lag", stream.lag(of: group).map { .integer($0) } ?? .null),
                    Self.field("pel-count", .integer(Int64(group.pending.count))),
                    Self.field("pending", .array(pending)),
                    Self.field("consumers", .array(consumers)),
                ]))
        }
        fields.append(Self.field("groups", .array(groups)))
        return .map(fields)
    }

    static func field(_ name: String, _ value: RESPValue) -> RESPMapEntry {
        RESPMapEntry(.bulk(name), value)
    }

    static func entriesRead(_ group: ConsumerGroup) -> RESPValue {
        group.entriesRead == ConsumerGroup.invalidEntriesRead ? .null : .integer(group.entriesRead)
    }

    static func sortedGroups(_ stream: Stream) -> [(ByteBuffer, ConsumerGroup)] {
        stream.groups.sorted { ByteOrder.less($0.key, $1.key) }.map { ($0.key, $0.value) }
    }
}
