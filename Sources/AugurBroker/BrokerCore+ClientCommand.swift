import AugurRESP
import NIOCore

/// CLIENT SETNAME / GETNAME / SETINFO / ID / INFO / LIST.
extension BrokerCore {
    func client(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        let subcommand = arguments[1].uppercasedCommandName
        guard let descriptor = commands.lookup("CLIENT")?.subcommands.first(where: { $0.name == "client|" + subcommand.lowercased() })
        else {
            connection.writeError(ErrorText.unknownSubcommand(arguments[1], container: "CLIENT"))
            return
        }
        guard descriptor.acceptsWordCount(arguments.count) else {
            connection.writeError(ErrorText.wrongArity(descriptor.name))
            return
        }
        connection.lastCommand = descriptor.name
        switch subcommand {
        case "SETNAME":
            if setClientName(arguments[2], connection) { connection.write(.ok) }
        case "GETNAME":
            connection.write(connection.name.map { .bulk($0) } ?? .null)
        case "ID":
            connection.write(.integer(Int64(connection.id)))
        case "SETINFO":
            clientSetInfo(attribute: arguments[2], value: arguments[3], connection)
        case "INFO":
            connection.write(.verbatimString(format: "txt", text: ByteBuffer(string: clientDescription(connection) + "\n")))
        case "LIST":
            clientList(arguments, connection)
        default:
            connection.writeError(ErrorText.unknownSubcommand(arguments[1], container: "CLIENT"))
        }
    }

    /// Sets or (with an empty name) clears the connection's name; false after replying with the error.
    func setClientName(_ name: ByteBuffer, _ connection: ClientConnection) -> Bool {
        guard name.readableBytesView.allSatisfy({ $0 >= UInt8(ascii: "!") && $0 <= UInt8(ascii: "~") }) else {
            connection.writeError(ErrorText.badClientName)
            return false
        }
        connection.name = name.readableBytes == 0 ? nil : String(decoding: name.readableBytesView, as: UTF8.self)
        return true
    }

    private func clientSetInfo(attribute: ByteBuffer, value: ByteBuffer, _ connection: ClientConnection) {
        let key = attribute.uppercasedCommandName
        guard key == "LIB-NAME" || key == "LIB-VER" else {
            connection.writeError("ERR Unrecognized option '\(ErrorText.cString(attribute, limit: 128))'")
            return
        }
        guard value.readableBytesView.allSatisfy({ $0 >= UInt8(ascii: "!") && $0 <= UInt8(ascii: "~") }) else {
            connection.writeError("ERR \(key.lowercased()) cannot contain spaces, newlines or special characters.")
            return
        }
        let text = value.readableBytes == 0 ? nil : String(decoding: value.readableBytesView, as: UTF8.self)
        if key == "LIB-NAME" { connection.libraryName = text } else { connection.libraryVersion = text }
        connection.write(.ok)
    }

    /// CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id ...].
    private func clientList(_ arguments: [ByteBuffer], _ connection: ClientConnection) {
        var selected = connections.values.sorted { $0.id < $1.id }
        if arguments.count > 2 {
            let option = arguments[2].uppercasedCommandName
            if option == "TYPE", arguments.count == 4 {
                switch arguments[3].uppercasedCommandName {
                case "NORMAL": break
                case "MASTER", "REPLICA", "SLAVE", "PUBSUB": selected = []
                default:
                    connection.writeError("ERR Unknown client type '\(ErrorText.cString(arguments[3], limit: 128))'")
                    return
                }
            } else if option == "ID", arguments.count >= 4 {
                var ids = Set<UInt64>()
                for argument in arguments.dropFirst(3) {
                    guard let id = argument.strictInteger, id > 0 else {
                        connection.writeError("ERR Invalid client ID")
                        return
                    }
                    ids.insert(UInt64(id))
                }
                selected = selected.filter { ids.contains($0.id) }
            } else {
                connection.writeError(ErrorText.syntax)
                return
            }
        }
        var text = ""
        for client in selected {
            text += clientDescription(client)
            text += "\n"
        }
        connection.write(.verbatimString(format: "txt", text: ByteBuffer(string: text)))
    }

    /// One CLIENT LIST line, with Redis's field names; fields that describe Redis internals the broker
    /// does not have are reported as Redis reports an idle client.
    func clientDescription(_ client: ClientConnection) -> String {
        let now = NIODeadline.now()
        let age = (now - client.createdAt).nanoseconds / 1_000_000_000
        let idle = (now - client.lastInteraction).nanoseconds / 1_000_000_000
        let flags = client.isBlocked ? "b" : "N"
        let pendingOutput = client.output.readableBytes
        return "id=\(client.id) addr=\(client.remoteAddress) laddr=\(client.localAddress) fd=-1 "
            + "name=\(client.name ?? "") age=\(age) idle=\(idle) flags=\(flags) db=0 sub=0 psub=0 ssub=0 multi=-1 "
            + "qbuf=\(client.input?.readableBytes ?? 0) qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=\(pendingOutput) oll=0 "
            + "omem=\(pendingOutput) tot-mem=\(pendingOutput) events=r cmd=\(client.lastCommand) "
            + "user=\(client.user ?? "default") redir=-1 resp=\(client.protocolVersion.rawValue) "
            + "lib-name=\(client.libraryName ?? "") lib-ver=\(client.libraryVersion ?? "")"
    }
}
