import AugurRESP
import NIOCore

/// COMMAND, COMMAND COUNT / LIST / INFO / DOCS: enough for redis-cli's start-up and hints.
extension BrokerCore {
    func command(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        guard arguments.count > 1 else {
            connection.write(.array(commands.ordered.map(\.infoReply)))
            return
        }
        let subcommand = arguments[1].uppercasedCommandName
        let names = arguments.dropFirst(2).map { $0.uppercasedCommandName }
        switch subcommand {
        case "COUNT" where arguments.count == 2:
            connection.write(.integer(Int64(commands.count)))
        case "LIST" where arguments.count == 2:
            connection.write(.array(commands.ordered.map { .bulk($0.name) }))
        case "INFO":
            if names.isEmpty {
                connection.write(.array(commands.ordered.map(\.infoReply)))
            } else {
                connection.write(.array(names.map { lookupIncludingSubcommands($0)?.infoReply ?? .nullArray }))
            }
        case "DOCS":
            let selected = names.isEmpty ? commands.ordered : names.compactMap { lookupIncludingSubcommands($0) }
            connection.write(.map(selected.map { RESPMapEntry(.bulk($0.name), CommandDocs.reply(for: $0)) }))
        case "COUNT", "LIST":
            connection.writeError(ErrorText.wrongArity("command|" + subcommand.lowercased()))
        default:
            connection.writeError(ErrorText.unknownSubcommand(arguments[1], container: "COMMAND"))
        }
    }

    /// `XGROUP|CREATE` style names reach subcommands, as in Redis.
    private func lookupIncludingSubcommands(_ uppercasedName: String) -> CommandDescriptor? {
        let parts = uppercasedName.split(separator: "|", maxSplits: 1)
        guard let head = parts.first, let container = commands.lookup(String(head)) else { return nil }
        guard parts.count == 2 else { return container }
        let full = uppercasedName.lowercased()
        return container.subcommands.first { $0.name == full }
    }
}
