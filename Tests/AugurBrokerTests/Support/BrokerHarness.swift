import AugurBroker
import Foundation
import Logging
import NIOCore

/// Runs a `BrokerServer` on port 0 with its own temporary data directory for the length of a test.
enum BrokerHarness {
    /// A fresh empty directory, removed by `removeDirectory`.
    static func makeDataDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("augur-broker-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A configuration for tests: port 0, the given data directory, no fsync.
    static func configuration(dataDirectory: String) -> BrokerConfiguration {
        var configuration = BrokerConfiguration()
        configuration.port = 0
        configuration.dataDirectory = dataDirectory
        configuration.appendFsync = .no
        return configuration
    }

    /// Starts the server, runs `body` with its address, then stops it (cancellation triggers the same
    /// orderly shutdown as SIGTERM) and waits until it stopped and closed its log.
    static func withBroker<T>(
        _ configuration: BrokerConfiguration,
        _ body: (SocketAddress) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "augur.broker.test")
        logger.logLevel = .warning
        let server = BrokerServer(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            do {
                let address = try await server.localAddress
                let result = try await body(address)
                group.cancelAll()
                try await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// A broker with a throwaway data directory.
    static func withScratchBroker<T>(
        configure: (inout BrokerConfiguration) -> Void = { _ in },
        _ body: (SocketAddress) async throws -> T
    ) async throws -> T {
        let directory = try makeDataDirectory()
        defer { removeDirectory(directory) }
        var configuration = configuration(dataDirectory: directory)
        configure(&configuration)
        return try await withBroker(configuration, body)
    }
}
