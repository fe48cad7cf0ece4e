import AugurRESP

/// Short documentation for COMMAND DOCS, enough for redis-cli's help and hints.
enum CommandDocs {
    struct Doc: Sendable {
        let summary: String
        let since: String
        let group: String
        let complexity: String
    }

    /// Docs by lowercase name (`container|sub` for subcommands).
    static let byName: [String: Doc] = [
        "ping": Doc(summary: "Checks the connection; replies PONG or the message",
            since: "1.0.0", group: "connection", complexity: "O(1)"),
        "echo": Doc(summary: "Replies with the given message", since: "1.0.0", group: "connection", complexity: "O(1)"),
        "hello": Doc(summary: "Picks the protocol version, optionally authenticates and names the connection",
            since: "6.0.0", group: "connection", complexity: "O(1)"),
        "auth": Doc(summary: "Authenticates the connection",
            since: "1.0.0", group: "connection", complexity: "O(N) in the number of the user's passwords"),
        "select": Doc(summary: "Selects a database; the broker has only database 0",
            since: "1.0.0", group: "connection", complexity: "O(1)"),
        "client": Doc(summary: "Connection-management subcommands",
            since: "2.4.0", group: "connection", complexity: "Depends on subcommand."),
        "client|getname": Doc(summary: "Returns this connection's name", since: "2.6.9", group: "connection", complexity: "O(1)"),
        "client|setname": Doc(summary: "Names this connection", since: "2.6.9", group: "connection", complexity: "O(1)"),
        "client|setinfo": Doc(summary: "Records the client library's name or version",
            since: "7.2.0", group: "connection", complexity: "O(1)"),
        "client|id": Doc(summary: "Returns this connection's id", since: "5.0.0", group: "connection", complexity: "O(1)"),
        "client|info": Doc(summary: "Describes this connection", since: "6.2.0", group: "connection", complexity: "O(1)"),
        "client|list": Doc(summary: "Describes every connection",
            since: "2.4.0", group: "connection", complexity: "O(N) in the number of connections"),
        "command": Doc(summary: "Describes the commands the server runs",
            since: "2.8.13", group: "server", complexity: "O(N) in the number of commands"),
        "command|count": Doc(summary: "Counts the commands the server runs",
            since: "2.8.13", group: "server", complexity: "O(1)"),
        "command|info": Doc(summary: "Describes the named commands (all when none are named)",
            since: "2.8.13", group: "server", complexity: "O(N) in the number of commands described"),
        "command|docs": Doc(summary: "Documents the named commands (all when none are named)",
            since: "7.0.0", group: "server", complexity: "O(N) in the number of commands documented"),
        "info": Doc(summary: "Reports server state and statistics by section",
            since: "1.0.0", group: "server", complexity: "O(1)"),
        "quit": Doc(summary: "Closes the connection after replying OK", since: "1.0.0", group: "connection", complexity: "O(1)"),
        "shutdown": Doc(summary: "Writes the log to disk and stops the broker",
            since: "1.0.0", group: "server", complexity: "O(N) in the number of connections"),
        "bgrewriteaof": Doc(summary: "Rewrites the append-only log in the background",
            since: "1.0.0", group: "server", complexity: "O(1) to start"),
        "time": Doc(summary: "Returns the server's clock as seconds and microseconds",
            since: "2.6.0", group: "server", complexity: "O(1)"),
        "xadd": Doc(summary: "Appends an entry to a stream",
            since: "5.0.0", group: "stream", complexity: "O(1), O(N) when trimming N entries"),
        "xrange": Doc(summary: "Returns a stream's entries between two ids",
            since: "5.0.0", group: "stream", complexity: "O(N) in the number of entries returned"),
        "xrevrange": Doc(summary: "Returns a stream's entries between two ids, newest first",
            since: "5.0.0", group: "stream", complexity: "O(N) in the number of entries returned"),
        "xlen": Doc(summary: "Counts a stream's entries", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xread": Doc(summary: "Reads entries after given ids from streams, optionally waiting",
            since: "5.0.0", group: "stream", complexity: "O(N) in the number of entries returned"),
        "xreadgroup": Doc(summary: "Reads entries for a consumer of a group, optionally waiting",
            since: "5.0.0", group: "stream", complexity: "O(N) in the number of entries returned"),
        "xgroup": Doc(summary: "Consumer-group management subcommands",
            since: "5.0.0", group: "stream", complexity: "Depends on subcommand."),
        "xgroup|create": Doc(summary: "Creates a consumer group", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xgroup|destroy": Doc(summary: "Deletes a consumer group",
            since: "5.0.0", group: "stream", complexity: "O(N) in the group's pending entries"),
        "xgroup|createconsumer": Doc(summary: "Creates a consumer in a group",
            since: "6.2.0", group: "stream", complexity: "O(1)"),
        "xgroup|delconsumer": Doc(summary: "Deletes a consumer from a group",
            since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xgroup|setid": Doc(summary: "Moves a group's last-delivered id", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xack": Doc(summary: "Acknowledges entries of a group", since: "5.0.0", group: "stream", complexity: "O(1) per id"),
        "xpending": Doc(summary: "Inspects a group's pending entries",
            since: "5.0.0", group: "stream", complexity: "O(N) in the entries returned"),
        "xclaim": Doc(summary: "Moves pending entries to another consumer",
            since: "5.0.0", group: "stream", complexity: "O(log N) per id"),
        "xautoclaim": Doc(summary: "Moves idle pending entries to another consumer",
            since: "6.2.0", group: "stream", complexity: "O(1) per entry scanned"),
        "xtrim": Doc(summary: "Trims a stream", since: "5.0.0", group: "stream", complexity: "O(N) in the entries removed"),
        "xdel": Doc(summary: "Deletes entries from a stream", since: "5.0.0", group: "stream", complexity: "O(1) per id"),
        "xinfo": Doc(summary: "Stream introspection subcommands",
            since: "5.0.0", group: "stream", complexity: "Depends on subcommand."),
        "xinfo|stream": Doc(summary: "Describes a stream", since: "5.0.0", group: "stream", complexity: "O(1), O(N) with FULL"),
        "xinfo|groups": Doc(summary: "Describes a stream's consumer groups", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xinfo|consumers": Doc(summary: "Describes a group's consumers", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "xsetid": Doc(summary: "Sets a stream's last id", since: "5.0.0", group: "stream", complexity: "O(1)"),
        "del": Doc(summary: "Deletes keys", since: "1.0.0", group: "generic", complexity: "O(N) in the keys' sizes"),
        "unlink": Doc(summary: "Deletes keys", since: "4.0.0", group: "generic", complexity: "O(1) per key"),
        "exists": Doc(summary: "Counts the given keys that exist",
            since: "1.0.0", group: "generic", complexity: "O(N) in the keys"),
        "type": Doc(summary: "Returns a key's type", since: "1.0.0", group: "generic", complexity: "O(1)"),
        "keys": Doc(summary: "Lists keys matching a pattern",
            since: "1.0.0", group: "generic", complexity: "O(N) in the number of keys"),
        "scan": Doc(summary: "Iterates over keys", since: "2.8.0", group: "generic", complexity: "O(1) per call"),
        "dbsize": Doc(summary: "Counts keys", since: "1.0.0", group: "server", complexity: "O(1)"),
        "flushdb": Doc(summary: "Deletes every key", since: "1.0.0", group: "server", complexity: "O(N) in the number of keys"),
        "flushall": Doc(summary: "Deletes every key", since: "1.0.0", group: "server", complexity: "O(N) in the number of keys"),
    ]

    /// The COMMAND DOCS map entry value for `descriptor` (with its subcommands).
    static func reply(for descriptor: CommandDescriptor) -> RESPValue {
        var fields: [RESPMapEntry] = []
        if let doc = byName[descriptor.name] {
            fields.append(RESPMapEntry(.bulk("summary"), .bulk(doc.summary)))
            fields.append(RESPMapEntry(.bulk("since"), .bulk(doc.since)))
            fields.append(RESPMapEntry(.bulk("group"), .bulk(doc.group)))
            fields.append(RESPMapEntry(.bulk("complexity"), .bulk(doc.complexity)))
        }
        if let arguments = arguments[descriptor.name], !arguments.isEmpty {
            fields.append(RESPMapEntry(.bulk("arguments"), .array(arguments.map(\.reply))))
        }
        if !descriptor.subcommands.isEmpty {
            let subs = descriptor.subcommands.map { RESPMapEntry(.bulk($0.name), reply(for: $0)) }
            fields.append(RESPMapEntry(.bulk("subcommands"), .map(subs)))
        }
        return .map(fields)
    }
}
