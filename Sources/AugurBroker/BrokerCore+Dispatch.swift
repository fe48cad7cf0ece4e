import AugurCommands
import AugurRESP
import NIOCore

/// The commands the server itself answers; everything else goes to the engine.
enum ServerCommandName {
    static let all: Set<String> = [
        "PING", "ECHO", "HELLO", "AUTH", "SELECT", "CLIENT", "COMMAND", "INFO", "QUIT", "SHUTDOWN", "BGREWRITEAOF",
        "TIME",
    ]
}

extension BrokerCore {
    /// Runs one command for `connection`, in Redis's order of checks: existence, arity, authentication,
    /// writability of the log, then the command itself.
    func execute(_ command: RESPCommand, for connection: ClientConnection) {
        let arguments = command.arguments
        guard let first = arguments.first else { return }
        statistics.commandsProcessed += 1
        let name = first.uppercasedCommandName
        let descriptor = commands.lookup(name)
        guard descriptor != nil || StreamEngine.handles(name) else {
            connection.writeError(ErrorText.unknownCommand(arguments))
            return
        }
        connection.lastCommand = descriptor?.name ?? name.lowercased()
        if let descriptor, !descriptor.acceptsWordCount(arguments.count) {
            connection.writeError(ErrorText.wrongArity(descriptor.name))
            return
        }
        if connection.user == nil, !(descriptor?.allowedWithoutAuth ?? false) {
            connection.writeError(ErrorText.noAuth)
            return
        }
        if let persistenceError, descriptor?.isWrite ?? false {
            connection.writeError("MISCONF Errors writing to the AOF file: \(persistenceError)")
            return
        }
        if descriptor?.runsInServer ?? false, runServerCommand(name, arguments, connection) { return }
        switch engine.execute(command, client: connection.id) {
        case .reply(let reply):
            connection.write(reply)
        case .blocked(let timeout):
            connection.block(timeout: timeout)
        }
        // Only writes can unblock anyone, and only when someone is blocked.
        if blockedClients > 0, descriptor?.isWrite ?? true { deliverWakeups() }
    }

    /// Runs a connection-level command; false when `name` is the engine's.
    private func runServerCommand(_ name: String, _ arguments: [ByteBuffer], _ connection: ClientConnection) -> Bool {
        switch name {
        case "PING": ping(arguments, connection)
        case "ECHO": connection.write(.bulkString(arguments[1]))
        case "HELLO": hello(arguments, connection)
        case "AUTH": auth(arguments, connection)
        case "SELECT": select(arguments, connection)
        case "CLIENT": client(arguments, connection)
        case "COMMAND": command(arguments, connection)
        case "INFO": info(arguments, connection)
        case "QUIT":
            connection.write(.ok)
            connection.closeAfterReplies()
        case "SHUTDOWN": shutdownCommand(arguments, connection)
        case "BGREWRITEAOF": bgRewriteAOF(connection)
        case "TIME": time(connection)
        default: return false
        }
        return true
    }
}

extension ByteBuffer {
    /// The command name in ASCII upper case (short names stay in a String's inline storage).
    var uppercasedCommandName: String {
        withUnsafeReadableBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { target in
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    target[index] = (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
                }
                return bytes.count
            }
        }
    }
}
