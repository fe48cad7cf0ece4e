import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus
import ServiceLifecycle
import Testing

@testable import AugurTelemetry

@Suite("Metrics server")
struct MetricsServerTests {
    /// Runs a metrics server on a free port in a service group, hands `body` its port, then shuts it down.
    private func withServer(
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        ready: NIOLockedValueBox<Bool> = NIOLockedValueBox(true),
        _ body: (Int) async throws -> Void
    ) async throws {
        let logger = Logger(label: "test")
        let server = MetricsServer(
            host: "127.0.0.1",
            port: 0,
            registry: registry,
            readiness: { ready.withLockedValue { $0 } },
            logger: logger
        )
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.listeningPort()
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("GET /metrics answers the Prometheus text exposition")
    func metricsEndpoint() async throws {
        let registry = PrometheusCollectorRegistry()
        ProcessorMetrics(factory: MetricsBootstrap.factory(registry: registry))
            .requestFinished(model: "iris", version: 1, code: "ok")
        try await withServer(registry: registry) { port in
            let response = try await httpRequest(port: port, path: "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers["Content-Type"].first == "text/plain; version=0.0.4; charset=utf-8")
            #expect(response.body.contains(#"augur_requests_total{model="iris",version="1",code="ok"} 1"#))
        }
    }

    @Test("GET /healthz answers ok")
    func healthz() async throws {
        try await withServer { port in
            let response = try await httpRequest(port: port, path: "/healthz")
            #expect(response.status == .ok)
            #expect(response.body == "ok\n")
        }
    }

    @Test("GET /readyz follows the readiness closure")
    func readyz() async throws {
        let ready = NIOLockedValueBox(false)
        try await withServer(ready: ready) { port in
            let notReady = try await httpRequest(port: port, path: "/readyz")
            #expect(notReady.status == .serviceUnavailable)
            #expect(notReady.body == "not ready\n")
            ready.withLockedValue { $0 = true }
            let isReady = try await httpRequest(port: port, path: "/readyz")
            #expect(isReady.status == .ok)
            #expect(isReady.body == "ready\n")
        }
    }

    @Test("an unknown path is 404")
    func notFound() async throws {
        try await withServer { port in
            let response = try await httpRequest(port: port, path: "/nope")
            #expect(response.status == .notFound)
        }
    }

    @Test("a method other than GET is 405 with Allow: GET")
    func methodNotAllowed() async throws {
        try await withServer { port in
            let response = try await httpRequest(.POST, port: port, path: "/metrics")
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers["Allow"].first == "GET")
        }
    }

    @Test("graceful shutdown stops the server even with an idle connection open", .timeLimit(.minutes(1)))
    func shutdownClosesIdleConnections() async throws {
        var idle: (any Channel)?
        try await withServer { port in
            idle = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            let response = try await httpRequest(port: port, path: "/healthz")
            #expect(response.status == .ok)
        }
        // withServer returned, so run() ended; the server closed the idle connection on its way out.
        try await idle?.closeFuture.get()
    }

    @Test("a port in use fails run() and listeningPort() with an actionable error")
    func bindFailure() async throws {
        try await withServer { port in
            let second = MetricsServer(
                host: "127.0.0.1",
                port: port,
                registry: PrometheusCollectorRegistry(),
                readiness: { true },
                logger: Logger(label: "test")
            )
            await #expect(throws: MetricsServerError.self) { try await second.run() }
            await #expect(throws: MetricsServerError.self) { try await second.listeningPort() }
        }
    }
}
