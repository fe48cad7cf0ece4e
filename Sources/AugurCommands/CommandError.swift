/// A command's error reply; `text` includes the prefix (`ERR`, `NOGROUP`, …) exactly as Redis writes it.
struct CommandError: Error {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    static let syntax = CommandError("ERR syntax error")
    static let notInteger = CommandError("ERR value is not an integer or out of range")
    static let invalidStreamID = CommandError("ERR Invalid stream ID specified as stream command argument")
    static let noSuchKey = CommandError("ERR no such key")

    static func arity(_ name: String) -> CommandError {
        CommandError("ERR wrong number of arguments for '\(name)' command")
    }

    static func unknownSubcommand(_ typed: String, _ command: String) -> CommandError {
        CommandError("ERR unknown subcommand '\(typed.prefix(128))'. Try \(command) HELP.")
    }

    static func subcommandSyntax(_ typed: String, _ command: String) -> CommandError {
        CommandError("ERR unknown subcommand or wrong number of arguments for '\(typed.prefix(128))'. Try \(command) HELP.")
    }

    static func noGroupForKey(_ group: String, _ key: String) -> CommandError {
        CommandError("NOGROUP No such consumer group '\(group)' for key name '\(key)'")
    }

    static func noKeyOrGroup(_ key: String, _ group: String) -> CommandError {
        CommandError("NOGROUP No such key '\(key)' or consumer group '\(group)'")
    }
}
