import AugurRESP

/// The argument grammar COMMAND DOCS reports (redis-cli builds its hints from it).
indirect enum CommandArgument: Sendable {
    case key(String)
    case string(String)
    case integer(String)
    /// A literal word such as `NOMKSTREAM` (Redis's `pure-token`).
    case token(String)
    /// A value introduced by a token, such as `COUNT count`.
    case tokenized(String, CommandArgument)
    case oneOf(String, [CommandArgument])
    case block(String, [CommandArgument])
    case optional(CommandArgument)
    case multiple(CommandArgument)

    /// The COMMAND DOCS map for this argument.
    var reply: RESPValue {
        var token: String?
        var flags: [String] = []
        var argument = self
        while true {
            switch argument {
            case .optional(let inner):
                flags.append("optional")
                argument = inner
                continue
            case .multiple(let inner):
                flags.append("multiple")
                argument = inner
                continue
            case .tokenized(let word, let inner):
                token = word
                argument = inner
                continue
            default: break
            }
            break
        }
        var fields: [RESPMapEntry] = []
        func add(_ key: String, _ value: RESPValue) { fields.append(RESPMapEntry(.bulk(key), value)) }
        switch argument {
        case .key(let name):
            add("name", .bulk(name))
            add("type", .bulk("key"))
            add("key_spec_index", .integer(0))
        case .string(let name):
            add("name", .bulk(name))
            add("type", .bulk("string"))
        case .integer(let name):
            add("name", .bulk(name))
            add("type", .bulk("integer"))
        case .token(let word):
            add("name", .bulk(word.lowercased()))
            add("type", .bulk("pure-token"))
            token = token ?? word
        case .oneOf(let name, _):
            add("name", .bulk(name))
            add("type", .bulk("oneof"))
        case .block(let name, _):
            add("name", .bulk(name))
            add("type", .bulk("block"))
        case .optional, .multiple, .tokenized:
            break
        }
        if let token { add("token", .bulk(token)) }
        if !flags.isEmpty { add("flags", .array(flags.map { .simpleString($0) })) }
        switch argument {
        case .oneOf(_, let children), .block(_, let children):
            add("arguments", .array(children.map(\.reply)))
        default:
            break
        }
        return .map(fields)
    }
}

extension CommandDocs {
    typealias A = CommandArgument

    private static let count = A.optional(.tokenized("COUNT", .integer("count")))
    private static let block = A.optional(.tokenized("BLOCK", .integer("milliseconds")))
    private static let trim = A.block("trim", [
        .oneOf("strategy", [.token("MAXLEN"), .token("MINID")]),
        .optional(.oneOf("operator", [.token("="), .token("~")])),
        .string("threshold"),
        .optional(.tokenized("LIMIT", .integer("count"))),
    ])
    private static let streams = A.block("streams", [
        .token("STREAMS"), .multiple(.key("key")), .multiple(.string("id")),
    ])

    /// Arguments by lowercase command name (`container|sub` for subcommands).
    static let arguments: [String: [CommandArgument]] = [
        "ping": [.optional(.string("message"))],
        "echo": [.string("message")],
        "hello": [
            .optional(.block("arguments", [
                .integer("protover"),
                .optional(.tokenized("AUTH", .block("username_password", [.string("username"), .string("password")]))),
                .optional(.tokenized("SETNAME", .string("clientname"))),
            ]))
        ],
        "auth": [.optional(.string("username")), .string("password")],
        "select": [.integer("index")],
        "client|setname": [.string("connection-name")],
        "client|setinfo": [.oneOf("attr", [.tokenized("LIB-NAME", .string("libname")), .tokenized("LIB-VER", .string("libver"))])],
        "client|list": [
            .optional(.tokenized("TYPE", .oneOf("client-type", [.token("NORMAL"), .token("MASTER"), .token("REPLICA"), .token("PUBSUB")]))),
            .optional(.tokenized("ID", .multiple(.integer("client-id")))),
        ],
        "command|info": [.optional(.multiple(.string("command-name")))],
        "command|docs": [.optional(.multiple(.string("command-name")))],
        "info": [.optional(.multiple(.string("section")))],
        "shutdown": [
            .optional(.oneOf("save-selector", [.token("NOSAVE"), .token("SAVE")])),
            .optional(.token("NOW")), .optional(.token("FORCE")), .optional(.token("ABORT")),
        ],
        "xadd": [
            .key("key"), .optional(.token("NOMKSTREAM")), .optional(trim),
            .oneOf("id-selector", [.token("*"), .string("id")]),
            .multiple(.block("data", [.string("field"), .string("value")])),
        ],
        "xrange": [.key("key"), .string("start"), .string("end"), count],
        "xrevrange": [.key("key"), .string("end"), .string("start"), count],
        "xlen": [.key("key")],
        "xread": [count, block, streams],
        "xreadgroup": [
            .tokenized("GROUP", .block("group-block", [.string("group"), .string("consumer")])),
            count, block, .optional(.token("NOACK")), streams,
        ],
        "xgroup|create": [
            .key("key"), .string("group"), .oneOf("id-selector", [.string("id"), .token("$")]),
            .optional(.token("MKSTREAM")), .optional(.tokenized("ENTRIESREAD", .integer("entries-read"))),
        ],
        "xgroup|destroy": [.key("key"), .string("group")],
        "xgroup|createconsumer": [.key("key"), .string("group"), .string("consumer")],
        "xgroup|delconsumer": [.key("key"), .string("group"), .string("consumer")],
        "xgroup|setid": [
            .key("key"), .string("group"), .oneOf("id-selector", [.string("id"), .token("$")]),
            .optional(.tokenized("ENTRIESREAD", .integer("entriesread"))),
        ],
        "xack": [.key("key"), .string("group"), .multiple(.string("id"))],
        "xpending": [
            .key("key"), .string("group"),
            .optional(.block("filters", [
                .optional(.tokenized("IDLE", .integer("min-idle-time"))), .string("start"), .string("end"),
                .integer("count"), .optional(.string("consumer")),
            ])),
        ],
        "xclaim": [
            .key("key"), .string("group"), .string("consumer"), .string("min-idle-time"), .multiple(.string("id")),
            .optional(.tokenized("IDLE", .integer("ms"))), .optional(.tokenized("TIME", .integer("unix-time-milliseconds"))),
            .optional(.tokenized("RETRYCOUNT", .integer("count"))), .optional(.token("FORCE")),
            .optional(.token("JUSTID")), .optional(.tokenized("LASTID", .string("lastid"))),
        ],
        "xautoclaim": [
            .key("key"), .string("group"), .string("consumer"), .string("min-idle-time"), .string("start"),
            count, .optional(.token("JUSTID")),
        ],
        "xtrim": [.key("key"), trim],
        "xdel": [.key("key"), .multiple(.string("id"))],
        "xinfo|stream": [.key("key"), .optional(.block("full-block", [.token("FULL"), count]))],
        "xinfo|groups": [.key("key")],
        "xinfo|consumers": [.key("key"), .string("group")],
        "xsetid": [.key("key"), .string("last-id")],
        "del": [.multiple(.key("key"))],
        "unlink": [.multiple(.key("key"))],
        "exists": [.multiple(.key("key"))],
        "type": [.key("key")],
        "keys": [.string("pattern")],
        "scan": [
            .integer("cursor"), .optional(.tokenized("MATCH", .string("pattern"))), count,
            .optional(.tokenized("TYPE", .string("type"))),
        ],
        "flushdb": [.optional(.oneOf("flush-type", [.token("ASYNC"), .token("SYNC")]))],
        "flushall": [.optional(.oneOf("flush-type", [.token("ASYNC"), .token("SYNC")]))],
    ]
}
