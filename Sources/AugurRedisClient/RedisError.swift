import AugurRESP

/// Everything that can go wrong between sending a command and receiving its reply.
public enum RedisError: Error, Sendable, Equatable {
    /// The server answered with an error reply; `code` is its first word (`ERR`, `NOGROUP`, `WRONGPASS`, …).
    case server(code: String, message: String)
    /// The connection closed (server gone, killed, aborted, or closed by `close()`) before the reply arrived;
    /// the command may or may not have run on the server.
    case connectionClosed
    /// No TCP connection to `host:port` could be made; `reason` is the socket error or timeout.
    case connectFailed(host: String, port: Int, reason: String)
    /// No reply arrived within the configured command timeout; the connection was closed because later
    /// replies on it can no longer be matched in time.
    case commandTimeout(Duration)
    /// A `RedisClient` had no connection for the whole wait; `lastError` says why the last attempt failed.
    case notConnected(waited: Duration, lastError: String?)
    /// The `RedisClient` stopped (its `run()` returned), so it takes no more commands.
    case clientShutDown
    /// The server sent bytes that are not valid RESP; the connection was closed.
    case protocolViolation(RESPProtocolError)
    /// The reply had a shape the typed helper for `command` does not expect (for example an integer where
    /// a stream entry belongs); `reply` describes what arrived.
    case unexpectedReply(command: String, reply: String)

    /// Splits an error reply's text into its code (the first word, when it is upper case) and the rest.
    public init(serverErrorText text: String) {
        let utf8 = text.utf8
        let space = utf8.firstIndex(of: UInt8(ascii: " ")) ?? utf8.endIndex
        let word = utf8[utf8.startIndex..<space]
        let isCode =
            !word.isEmpty
            && word.allSatisfy {
                ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
        if isCode {
            let rest = space == utf8.endIndex ? "" : String(text[utf8.index(after: space)...])
            self = .server(code: String(text[..<space]), message: rest)
        } else {
            self = .server(code: "", message: text)
        }
    }
}

extension RedisError: CustomStringConvertible {
    /// A message that says what happened and what to do about it.
    public var description: String {
        switch self {
        case .server(let code, let message):
            return code.isEmpty ? "server error: \(message)" : "server error \(code): \(message)"
        case .connectionClosed:
            return "the connection to the server closed before the reply arrived; "
                + "the command may or may not have run (retry only if it is idempotent)"
        case .connectFailed(let host, let port, let reason):
            return "could not connect to \(host):\(port): \(reason); check that the server runs and the address is right"
        case .commandTimeout(let timeout):
            return "no reply within the command timeout of \(timeout); the connection was closed"
        case .notConnected(let waited, let lastError):
            return "no connection to the server within \(waited)"
                + (lastError.map { "; last attempt failed: \($0)" } ?? "; is the server running?")
        case .clientShutDown:
            return "the Redis client has shut down (its run() returned) and takes no more commands"
        case .protocolViolation(let error):
            return "the server sent invalid RESP (\(error.message)); the connection was closed"
        case .unexpectedReply(let command, let reply):
            return "unexpected reply to \(command): \(reply)"
        }
    }
}
