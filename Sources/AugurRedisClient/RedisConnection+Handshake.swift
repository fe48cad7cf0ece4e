import AugurRESP
import NIOCore

extension RedisConnection {
    /// Negotiates the protocol, authenticates and names the connection, pipelined in one round trip.
    func performHandshake() async throws {
        var commands: [RESPCommand] = []
        if configuration.protocolVersion == .resp3 {
            var hello = ["HELLO", "3"]
            if let password = configuration.password {
                hello += ["AUTH", configuration.username ?? "default", password]
            }
            if let name = configuration.clientName { hello += ["SETNAME", name] }
            commands.append(RESPCommand(arguments: hello.map { ByteBuffer(string: $0) }))
        } else {
            if let password = configuration.password {
                let auth = configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                commands.append(RESPCommand(arguments: auth.map { ByteBuffer(string: $0) }))
            }
            if let name = configuration.clientName {
                commands.append(RESPCommand("CLIENT", "SETNAME", name))
            }
        }
        guard !commands.isEmpty else { return }
        let replies = try await sendBatch(commands)
        for reply in replies {
            switch reply {
            case .error(let text):
                throw RedisError(serverErrorText: text)
            case .blobError(let bytes):
                throw RedisError(serverErrorText: String(buffer: bytes))
            default:
                continue
            }
        }
    }
}
