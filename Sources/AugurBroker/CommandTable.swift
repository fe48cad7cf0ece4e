import AugurRESP

/// What COMMAND INFO says about one command or subcommand. A class, so the per-command lookup hands out
/// one reference instead of copying five arrays.
final class CommandDescriptor: Sendable {
    /// Lowercase name; subcommands are `container|sub`.
    let name: String
    /// Redis arity: N means exactly N words, -N means at least N (the name counts).
    let arity: Int
    let flags: [String]
    let keys: (first: Int, last: Int, step: Int)
    let categories: [String]
    let tips: [String]
    let subcommands: [CommandDescriptor]

    init(
        _ name: String, arity: Int, flags: [String], keys: (Int, Int, Int), categories: [String], tips: [String],
        subcommands: [CommandDescriptor] = [], runsInServer: Bool = false
    ) {
        self.name = name
        self.arity = arity
        self.flags = flags
        self.keys = (keys.0, keys.1, keys.2)
        self.categories = categories
        self.tips = tips
        self.subcommands = subcommands
        self.isWrite = flags.contains("write") || subcommands.contains { $0.isWrite }
        self.allowedWithoutAuth = flags.contains("no_auth")
        self.runsInServer = runsInServer
    }

    /// The same command, marked as run by the server itself or not.
    func marked(runsInServer: Bool) -> CommandDescriptor {
        CommandDescriptor(
            name, arity: arity, flags: flags, keys: (keys.first, keys.last, keys.step), categories: categories,
            tips: tips, subcommands: subcommands, runsInServer: runsInServer)
    }

    /// Whether the server runs it itself; otherwise the engine does.
    let runsInServer: Bool

    /// Whether the command may change data (refused while the log cannot be written; may wake blocked
    /// clients). A container counts as writing when any of its subcommands does (XGROUP).
    let isWrite: Bool
    /// Whether clients may run it before authenticating.
    let allowedWithoutAuth: Bool

    /// Whether `wordCount` words (name included) satisfy the arity.
    func acceptsWordCount(_ wordCount: Int) -> Bool {
        arity >= 0 ? wordCount == arity : wordCount >= -arity
    }

    /// The COMMAND INFO entry: name, arity, flags, first key, last key, step, categories, tips, key specs, subcommands.
    var infoReply: RESPValue {
        .array([
            .bulk(name),
            .integer(Int64(arity)),
            .set(flags.map { .simpleString($0) }),
            .integer(Int64(keys.first)),
            .integer(Int64(keys.last)),
            .integer(Int64(keys.step)),
            .set(categories.map { .simpleString($0) }),
            .set(tips.map { .bulk($0) }),
            .array([]),
            .array(subcommands.map(\.infoReply)),
        ])
    }
}

/// The commands this broker runs, by uppercase name, for dispatch checks and the COMMAND command.
struct CommandTable: Sendable {
    /// Top-level commands in a stable order.
    let ordered: [CommandDescriptor]
    private let byName: [String: CommandDescriptor]

    /// Keeps the connection-level commands and the engine commands `engineHandles` accepts.
    init(serverCommands: Set<String>, engineHandles: (String) -> Bool) {
        let kept = Self.allEntries.compactMap { entry -> CommandDescriptor? in
            let upper = entry.name.uppercased()
            let runsInServer = serverCommands.contains(upper)
            return runsInServer || engineHandles(upper) ? entry.marked(runsInServer: runsInServer) : nil
        }
        ordered = kept
        byName = Dictionary(uniqueKeysWithValues: kept.map { ($0.name.uppercased(), $0) })
    }

    /// The descriptor for an uppercase command name.
    func lookup(_ uppercasedName: String) -> CommandDescriptor? {
        byName[uppercasedName]
    }

    /// The number of top-level commands (COMMAND COUNT).
    var count: Int { ordered.count }
}
