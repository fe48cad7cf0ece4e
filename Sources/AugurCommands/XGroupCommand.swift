import AugurRESP
import AugurStreams
import NIOCore

/// XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER / HELP.
extension EngineState {
    static let xgroupHelp: [String] = [
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.",
    ]

    enum GroupSubcommand: String {
        case create, setid, destroy, createconsumer, delconsumer, help

        /// Arity of the subcommand counting `XGROUP` itself, as Redis declares it.
        var arity: Int {
            switch self {
            case .create, .setid: -5
            case .destroy: 4
            case .createconsumer, .delconsumer: 5
            case .help: 2
            }
        }
    }

    mutating func xgroup(_ a: [ByteBuffer]) throws -> RESPValue {
        let typed = Arguments.text(a[1])
        guard let sub = GroupSubcommand(rawValue: typed.lowercased()) else {
            throw CommandError.unknownSubcommand(typed, "XGROUP")
        }
        let arityOK = sub.arity >= 0 ? a.count == sub.arity : a.count >= -sub.arity
        guard arityOK else { throw CommandError.arity("xgroup|\(sub.rawValue)") }
        if sub == .help { return .array(Self.xgroupHelp.map { .simpleString($0) }) }

        let key = a[2]
        let groupName = a[3]
        var makeStream = false
        var createEntriesRead = ConsumerGroup.invalidEntriesRead
        if sub == .create {
            var i = 5
            while i < a.count {
                if Arguments.equalsIgnoringCase(a[i], "mkstream") {
                    makeStream = true
                    i += 1
                } else if Arguments.equalsIgnoringCase(a[i], "entriesread") && i + 1 < a.count {
                    createEntriesRead = try Self.parseEntriesRead(a[i + 1])
                    i += 2
                } else {
                    throw CommandError.subcommandSyntax(typed, "XGROUP")
                }
            }
        }
        let exists = store.contains(key)
        if !makeStream {
            guard exists else {
                throw CommandError(
                    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."
                )
            }
            if store.stream(key)?.groups[groupName] == nil
                && (sub == .setid || sub == .createconsumer || sub == .delconsumer)
            {
                throw CommandError.noGroupForKey(Arguments.text(groupName), Arguments.text(key))
            }
        }

        switch sub {
        case .create:
            guard a.count <= 8 else { throw CommandError.subcommandSyntax(typed, "XGROUP") }
            let lastID: StreamID
            if Arguments.isByte(a[4], UInt8(ascii: "$")) {
                lastID = store.stream(key)?.lastGeneratedID ?? .zero
            } else {
                guard let id = StreamIDParser.parseStrict(a[4]) else { throw CommandError.invalidStreamID }
                lastID = id
            }
            if store.stream(key)?.groups[groupName] != nil {
                throw CommandError("BUSYGROUP Consumer Group name already exists")
            }
            commit(
                .createGroup(
                    key: key, group: groupName, lastID: lastID, entriesRead: createEntriesRead,
                    makeStream: makeStream && !exists))
            return .ok
        case .setid:
            guard a.count == 5 || a.count == 7 else { throw CommandError.subcommandSyntax(typed, "XGROUP") }
            let lastID: StreamID
            if Arguments.isByte(a[4], UInt8(ascii: "$")) {
                lastID = store.stream(key)?.lastGeneratedID ?? .zero
            } else {
                guard let id = StreamIDParser.parseStrict(a[4]) else { throw CommandError.invalidStreamID }
                lastID = id
            }
            var entriesRead = ConsumerGroup.invalidEntriesRead
            if a.count == 7 {
                guard Arguments.equalsIgnoringCase(a[5], "entriesread") else {
                    throw CommandError.subcommandSyntax(typed, "XGROUP")
                }
                entriesRead = try Self.parseEntriesRead(a[6])
            }
            commit(.setGroupCursor(key: key, group: groupName, lastID: lastID, entriesRead: entriesRead))
            return .ok
        case .destroy:
            guard store.stream(key)?.groups[groupName] != nil else { return .integer(0) }
            commit(.destroyGroup(key: key, group: groupName))
            signalKey(key)
            return .integer(1)
        case .createconsumer:
            guard store.stream(key)?.groups[groupName]?.consumer(named: a[4]) == nil else { return .integer(0) }
            commit(.touchConsumer(key: key, group: groupName, consumer: a[4], seenTime: now, activeTime: nil))
            return .integer(1)
        case .delconsumer:
            guard let consumer = store.stream(key)?.groups[groupName]?.consumer(named: a[4]) else {
                return .integer(0)
            }
            let pending = consumer.pending.count
            commit(.deleteConsumer(key: key, group: groupName, consumer: a[4]))
            return .integer(Int64(pending))
        case .help:
            return .array([])
        }
    }

    static func parseEntriesRead(_ arg: ByteBuffer) throws -> Int64 {
        guard let n = Arguments.int64(arg) else { throw CommandError.notInteger }
        if n < 0 && n != ConsumerGroup.invalidEntriesRead {
            throw CommandError("ERR value for ENTRIESREAD must be positive or -1")
        }
        return n
    }
}
