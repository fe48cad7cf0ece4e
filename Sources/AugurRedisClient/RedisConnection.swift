import AugurRESP
import Logging
import NIOCore
import NIOPosix

/// One TCP connection to a Redis-protocol server (Augur's broker or redis-server), pipelined.
///
/// `send` may be called from many tasks at once: commands go out in call order and replies are matched
/// first-in first-out, and all commands queued during one event-loop tick share one write and one flush,
/// so thousands in flight cost a few syscalls. `send` does not react to task cancellation, since a
/// written command cannot be withdrawn; `abort()` stops everything.
///
/// A blocking command (`XREAD BLOCK`, `XREADGROUP BLOCK`) holds up every command pipelined behind it
/// until it returns, because replies come back in order: give blocking readers a connection of their own.
///
/// End it with `close()` or `abort()`: dropping the last reference does not close the socket.
public final class RedisConnection: RedisCommandSending, Sendable {
    /// The settings this connection was opened with.
    public let configuration: Configuration
    private let channel: any Channel
    private let outbound: RedisOutboundBuffer
    private let handler: NIOLoopBound<RedisReplyHandler>
    private let logger: Logger

    private init(
        configuration: Configuration,
        channel: any Channel,
        outbound: RedisOutboundBuffer,
        handler: NIOLoopBound<RedisReplyHandler>,
        logger: Logger
    ) {
        self.configuration = configuration
        self.channel = channel
        self.outbound = outbound
        self.handler = handler
        self.logger = logger
    }

    /// Opens a connection and runs the handshake (HELLO for RESP3, AUTH, CLIENT SETNAME) before returning it.
    public static func connect(
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "augur.redis-client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> RedisConnection {
        let outbound = RedisOutboundBuffer()
        let limits = configuration.replyLimits
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(RESPValueDecoder(configuration: limits))
                    )
                    try channel.pipeline.syncOperations.addHandler(RedisReplyHandler(outbound: outbound, logger: logger))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw RedisError.connectFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: RedisReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let connection = RedisConnection(
            configuration: configuration,
            channel: channel,
            outbound: outbound,
            handler: handler,
            logger: logger
        )
        do {
            try await connection.performHandshake()
        } catch {
            connection.abort()
            throw error
        }
        logger.debug("connected", metadata: ["server": "\(configuration.host):\(configuration.port)"])
        return connection
    }

    /// Sends one command; see `RedisCommandSending.send(_:blockingFor:)`.
    public func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue {
        let timeout = configuration.commandTimeout.extended(blockingFor: blockingFor)
        // Unsafe (unchecked) on this hot path: the in-flight queue resumes each command exactly once.
        return try await withUnsafeThrowingContinuation { continuation in
            schedule(outbound.enqueue(command, target: .single(continuation), timeout: timeout)) {
                continuation.resume(throwing: $0)
            }
        }
    }

    /// Writes all `commands` in one go and returns their replies in order; an error reply takes its
    /// command's place in the result as `.error` (it does not throw), so one failing command spoils nothing else.
    public func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let timeout = configuration.commandTimeout
        return try await withCheckedThrowingContinuation { continuation in
            let collector = BatchReplyCollector(expected: commands.count, continuation: continuation)
            schedule(outbound.enqueue(batch: commands, collector: collector, timeout: timeout)) {
                collector.fail($0)
            }
        }
    }

    /// Whether the connection is still open (it may still close before the next reply).
    public var isOpen: Bool { channel.isActive }

    /// Waits until the connection has closed, for whatever reason.
    public func waitUntilClosed() async {
        try? await channel.closeFuture.get()
    }

    /// Stops taking commands, waits for the replies to those already sent, then closes the socket.
    ///
    /// A blocking command in flight delays this until it returns; use `abort()` to stop at once.
    public func close() async {
        outbound.stopAccepting()
        let handler = self.handler
        channel.eventLoop.execute {
            handler.value.writeQueued(handler: handler)
            handler.value.closeAfterOutstandingReplies()
        }
        await waitUntilClosed()
    }

    /// Closes the socket now; every command without a reply fails with `RedisError.connectionClosed`.
    public func abort() {
        channel.close(promise: nil)
    }

    private func schedule(_ result: RedisOutboundBuffer.EnqueueResult, reject: (RedisError) -> Void) {
        switch result {
        case .queued:
            break
        case .scheduleWrite:
            let handler = self.handler
            channel.eventLoop.execute { handler.value.writeQueued(handler: handler) }
        case .rejected(let error):
            reject(error)
        }
    }
}
