import AugurRESP
import Logging

/// A connection to a Redis-protocol broker that lives as long as its `run()`: a reconnecting `RedisClient`
/// over the network, or a session of an in-process broker. What the daemon holds for each of its connections.
public protocol RedisSession: RedisBatchSending {
    /// Keeps the session usable until the calling task is cancelled; later commands then fail.
    func run() async
}

extension RedisClient: RedisSession {}

/// Opens the sessions a long-running user of the broker needs (a reader, a writer, …), over the network or
/// in process, so the user need not know which.
public struct BrokerConnector: Sendable, CustomStringConvertible {
    /// Where the sessions go, for log lines: `host:port`, or `in-process`.
    public let description: String
    private let open: @Sendable (_ name: String) -> any RedisSession

    /// Creates a connector whose `session(named:)` calls `open`.
    public init(description: String, open: @escaping @Sendable (_ name: String) -> any RedisSession) {
        self.description = description
        self.open = open
    }

    /// A new session; `name` tells it apart in the broker's CLIENT LIST.
    public func session(named name: String) -> any RedisSession {
        open(name)
    }

    /// Sessions over TCP: one reconnecting `RedisClient` per session, named `<clientName>-<name>` when the
    /// configuration has a client name. `logger` gets the clients' reconnect messages.
    public static func network(_ server: RedisConnection.Configuration, logger: Logger) -> BrokerConnector {
        BrokerConnector(description: "\(server.host):\(server.port)") { name in
            var connection = server
            if let base = server.clientName { connection.clientName = "\(base)-\(name)" }
            return RedisClient(configuration: .init(connection: connection), logger: logger)
        }
    }
}
