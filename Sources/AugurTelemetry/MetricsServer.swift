import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle

/// The HTTP endpoint Prometheus scrapes: `GET /metrics`, `/healthz` (200 `ok`) and `/readyz` (200 `ready` or
/// 503 `not ready`); 404 for other paths, 405 for other methods.
///
/// NIO's HTTP/1.1 codec parses; each connection is served by its own child task of a discarding task group,
/// so one connection's failure stays its own. On graceful shutdown the listener closes and open connections
/// are cancelled: a scrape is cheap to repeat.
public final class MetricsServer: Service, Sendable {
    /// The address it listens on.
    public let host: String
    /// The port it was asked to listen on; 0 picks a free one (see `listeningPort()`).
    public let port: Int
    private let endpoint: MetricsEndpoint
    private let logger: Logger
    private let group: any EventLoopGroup
    private let bound: EventLoopPromise<Int>

    /// Creates the server; nothing listens until `run()`.
    public init(
        host: String = "0.0.0.0",
        port: Int,
        registry: PrometheusCollectorRegistry,
        readiness: @escaping @Sendable () -> Bool,
        logger: Logger
    ) {
        self.host = host
        self.port = port
        self.endpoint = MetricsEndpoint(registry: registry, readiness: readiness)
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup.singleton
        self.bound = group.next().makePromise(of: Int.self)
    }

    deinit {
        // A server released without ever running must still complete its promise (NIO flags leaked ones).
        bound.fail(MetricsServerError.neverStarted)
    }

    /// The port it listens on, once it does; throws if it could not start.
    public func listeningPort() async throws -> Int {
        try await bound.futureResult.get()
    }

    /// Serves until graceful shutdown or cancellation; throws when it cannot listen.
    public func run() async throws {
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                }
        } catch {
            let failure = MetricsServerError.bindFailed(address: "\(host):\(port)", reason: "\(error)")
            bound.fail(failure)
            throw failure
        }
        let actualPort = server.channel.localAddress?.port ?? port
        bound.succeed(actualPort)
        logger.info("metrics server listening", metadata: ["address": "\(host):\(actualPort)"])

        let endpoint = self.endpoint
        let logger = self.logger
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            await cancelWhenGracefulShutdown {
                                await Self.serve(connection, endpoint: endpoint, logger: logger)
                            }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        logger.info("metrics server stopped")
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        endpoint: MetricsEndpoint,
        logger: Logger
    ) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                    case .body:
                        continue
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        let response = endpoint.respond(method: request.method, uri: request.uri)
                        try await write(response, for: request, to: outbound)
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch is CancellationError {
            return
        } catch {
            logger.debug("metrics connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func write(
        _ response: MetricsEndpoint.Response,
        for request: HTTPRequestHead,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.readableBytes))
        if let allow = response.allow { headers.add(name: "Allow", value: allow) }
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        try await outbound.write(contentsOf: [.head(head), .body(.byteBuffer(response.body)), .end(nil)])
    }
}

/// Why the metrics server could not start.
public enum MetricsServerError: Error, CustomStringConvertible {
    /// The listener could not bind.
    case bindFailed(address: String, reason: String)
    /// The server was released before it listened.
    case neverStarted

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .bindFailed(let address, let reason):
            "cannot serve metrics on \(address): \(reason); pick another --metrics-port or stop what uses it"
        case .neverStarted:
            "the metrics server was released before run() was called"
        }
    }
}
