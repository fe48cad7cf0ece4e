import AugurRESP
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The Redis-protocol broker as a service: opens and replays the log, listens, serves until a graceful
/// shutdown (or SHUTDOWN), then commits and closes the log.
///
/// One event loop owns the engine, the log and every connection, so the hot path takes no locks. The
/// handlers are plain `ChannelHandler`s rather than `NIOAsyncChannel`s because the group commit needs
/// all of a tick's connections in one place, without a hop per command.
public final class BrokerServer: Service, Sendable {
    /// The configuration the server runs with.
    public let configuration: BrokerConfiguration
    private let logger: Logger
    private let listening = ListeningAddress()
    /// Set while the broker runs, for in-process sessions.
    let runningCore = NIOLockedValueBox<RunningCore?>(nil)

    /// Creates a server; nothing happens until `run()`.
    public init(configuration: BrokerConfiguration, logger: Logger = Logger(label: "augur.broker")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// The address the server listens on; waits until it is listening and throws if it could not start.
    public var localAddress: SocketAddress {
        get async throws { try await listening.wait() }
    }

    /// Serves until graceful shutdown, cancellation or a SHUTDOWN command.
    public func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            try await serve(on: group.next())
        } catch {
            await listening.fail(error)
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func serve(on loop: any EventLoop) async throws {
        let configuration = self.configuration
        let logger = self.logger
        let stopped = loop.makePromise(of: Void.self)
        let core = try await loop.submit {
            NIOLoopBound(
                try BrokerCore.open(configuration: configuration, eventLoop: loop, logger: logger, stopped: stopped),
                eventLoop: loop)
        }.get()

        let channel: any Channel
        do {
            channel = try await makeBootstrap(loop: loop, core: core)
                .bind(host: configuration.bindAddress, port: configuration.port).get()
        } catch {
            try? await loop.submit {
                core.value.state = .shuttingDown
                core.value.finishShutdown()
            }.get()
            throw BrokerServerError.bindFailed(
                address: "\(configuration.bindAddress):\(configuration.port)", reason: "\(error)")
        }
        let address = channel.localAddress
        try await loop.submit {
            core.value.serverChannel = channel
            core.value.boundPort = address?.port ?? configuration.port
            core.value.startCron()
        }.get()
        logger.notice(
            "broker listening",
            metadata: [
                "address": "\(address.map { "\($0)" } ?? "?")", "dataDir": "\(configuration.dataDirectory)",
                "appendfsync": "\(configuration.appendFsync.rawValue)",
            ])
        runningCore.withLockedValue { $0 = RunningCore(loop: loop, core: core) }
        defer { runningCore.withLockedValue { $0 = nil } }
        if let address { await listening.succeed(address) }

        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await stopped.futureResult.get()
            } onCancel: {
                loop.execute { core.value.beginShutdown() }
            }
        } onGracefulShutdown: {
            loop.execute { core.value.beginShutdown() }
        }
    }

    private func makeBootstrap(loop: any EventLoop, core: NIOLoopBound<BrokerCore>) -> ServerBootstrap {
        let configuration = self.configuration
        let pause = configuration.clientOutputPauseBytes
        return ServerBootstrap(group: loop)
            .serverChannelOption(.backlog, value: Int32(configuration.tcpBacklog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: configuration.tcpKeepaliveSeconds > 0 ? 1 : 0)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: pause / 2, high: pause))
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 256 * 1024)
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let core = core.value
                    let connection = ClientConnection(id: core.makeClientID(), core: core, allocator: channel.allocator)
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
    }
}

/// Why the broker could not start.
public enum BrokerServerError: Error, CustomStringConvertible {
    /// The listener could not bind.
    case bindFailed(address: String, reason: String)
    /// The log holds a record the engine cannot apply.
    case replayFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .bindFailed(let address, let reason):
            return "cannot listen on \(address): \(reason); pick another --port/--bind or stop what uses it"
        case .replayFailed(let path, let reason):
            return "cannot load \(path): \(reason); the file is intact but holds a record this build cannot apply "
                + "(a newer Augur wrote it?)"
        }
    }
}

/// The listening address, published once the listener is bound, for callers waiting on it.
private actor ListeningAddress {
    private var result: Result<SocketAddress, any Error>?
    private var waiters: [CheckedContinuation<SocketAddress, any Error>] = []

    func succeed(_ address: SocketAddress) { complete(.success(address)) }

    func fail(_ error: any Error) {
        if result == nil { complete(.failure(error)) }
    }

    func wait() async throws -> SocketAddress {
        if let result { return try result.get() }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    private func complete(_ value: Result<SocketAddress, any Error>) {
        result = value
        for waiter in waiters { waiter.resume(with: value) }
        waiters.removeAll()
    }
}
