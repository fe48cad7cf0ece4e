import AugurRESP
import Logging
import NIOCore
import NIOPosix

/// Keeps one pipelined connection to the server open, reconnecting with backoff when it drops.
///
/// Call `run()` in a task (a task group or a service) for as long as the client is needed; it connects,
/// runs `onConnect` on every new connection (AUTH/HELLO/SETNAME happen before, from the configuration; put
/// `XGROUP CREATE … MKSTREAM` and the like there), and reconnects when the connection is lost. Cancelling
/// the task stops it. A command sent while there is no connection waits for one up to
/// `connectionWaitTimeout`; commands in flight when the connection drops fail with
/// `RedisError.connectionClosed`, and whether to retry them is the caller's decision.
public final class RedisClient: RedisCommandSending, Sendable {
    /// Work to do on every new connection before commands may use it; a thrown error drops the connection
    /// and counts as a failed attempt.
    public typealias ConnectHook = @Sendable (RedisConnection) async throws -> Void

    /// The settings this client was created with.
    public let configuration: Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let onConnect: ConnectHook?
    private let state = RedisClientConnectionState()

    /// Creates a client; nothing connects until `run()` is called.
    public init(
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "augur.redis-client", factory: { _ in SwiftLogNoOpLogHandler() }),
        onConnect: ConnectHook? = nil
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.onConnect = onConnect
    }

    /// Connects and keeps reconnecting until the calling task is cancelled; then closes the connection
    /// (commands still in flight fail) and fails every later command with `RedisError.clientShutDown`.
    public func run() async {
        var failedAttempts = 0
        let server = "\(configuration.connection.host):\(configuration.connection.port)"
        while !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(
                    configuration: configuration.connection,
                    eventLoopGroup: eventLoopGroup,
                    logger: logger
                )
                do {
                    try await onConnect?(connection)
                } catch {
                    connection.abort()
                    throw error
                }
                guard state.connected(connection) else {
                    connection.abort()
                    break
                }
                logger.info("connected", metadata: ["server": "\(server)"])
                failedAttempts = 0
                await withTaskCancellationHandler {
                    await connection.waitUntilClosed()
                } onCancel: {
                    connection.abort()
                }
                if Task.isCancelled { break }
                state.disconnected(lastError: "the connection was lost")
                logger.warning("connection lost; reconnecting", metadata: ["server": "\(server)"])
            } catch {
                state.disconnected(lastError: "\(error)")
                logger.warning(
                    "connect attempt failed",
                    metadata: ["server": "\(server)", "attempt": "\(failedAttempts + 1)", "error": "\(error)"]
                )
                failedAttempts += 1
            }
            let delay = configuration.reconnectBackoff.delay(attempt: max(0, failedAttempts - 1))
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
        }
        state.shutDown()?.abort()
    }

    /// The current connection, waiting up to `connectionWaitTimeout` for one while (re)connecting.
    public func connection() async throws -> RedisConnection {
        try await state.connection(waitingUpTo: configuration.connectionWaitTimeout, on: eventLoopGroup.next())
    }

    /// Sends one command on the current connection; see `RedisCommandSending.send(_:blockingFor:)`.
    public func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue {
        try await connection().send(command, blockingFor: blockingFor)
    }

    /// Writes `commands` in one go on the current connection; see `RedisConnection.sendBatch(_:)`.
    public func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        try await connection().sendBatch(commands)
    }
}
