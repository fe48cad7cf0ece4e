import AugurClient
import AugurModels
import AugurProcessor
import AugurRedisClient
import AugurTestSupport
import Foundation
import Logging
import ServiceLifecycle

/// A redis-server, optionally an Augur daemon serving the `logreg_binary` fixture as `churn` version 1, and an
/// `AugurClient` running against them, for one test.
struct ClientTestHarness {
    static let quiet: Logger = {
        var logger = Logger(label: "augur.client.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` with a running client; with `daemon`, a daemon answers on the same redis-server.
    /// `afterStop` runs once the client's `run()` has returned, the server still up.
    static func run(
        daemon: Bool = true,
        configure: (inout AugurClient.Configuration) -> Void = { _ in },
        afterStop: (AugurClient, RedisServerProcess) async throws -> Void = { _, _ in },
        _ body: (AugurClient, RedisServerProcess) async throws -> Void
    ) async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        var configuration = AugurClient.Configuration(connection: server.configuration())
        configure(&configuration)
        let client = AugurClient(configuration: configuration, logger: quiet)
        let repository = NSTemporaryDirectory() + "augur-client-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: repository) }
        var services: [any Service] = []
        if daemon {
            try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
            let models = ModelRepository(directory: repository)
            _ = try models.publish(modelFile: ModelFixtures.modelFile("logreg_binary"), name: "churn", options: PublishOptions(version: 1))
            let host = ModelHost(repository: models, configuration: ModelHost.Configuration(warmUpRuns: 0), logger: quiet)
            services.append(ProcessorService(broker: .network(server.configuration(), logger: quiet), host: host, logger: quiet))
        }
        let daemons = ServiceGroup(services: services, logger: quiet)
        try await withThrowingTaskGroup(of: Void.self) { daemonTasks in
            if daemon { daemonTasks.addTask { try await daemons.run() } }
            try await withThrowingTaskGroup(of: Void.self) { clientTasks in
                clientTasks.addTask { await client.run() }
                try await body(client, server)
                clientTasks.cancelAll()
            }
            try await afterStop(client, server)
            if daemon { await daemons.triggerGracefulShutdown() }
            try await daemonTasks.waitForAll()
        }
    }

    /// A row of the six `churn` features, different for each `index`.
    static func row(_ index: Int) -> String {
        let values = (0..<6).map { column in Double((index * 7 + column * 13) % 41 - 20) / 10 }
        return "[" + values.map { String($0) }.joined(separator: ",") + "]"
    }

    /// The `probabilities` data of a result's outputs.
    static func probabilities(_ reply: PredictionReply) -> [Double] {
        guard let outputs = reply.outputs,
            let array = try? JSONSerialization.jsonObject(with: Data(outputs.utf8)) as? [[String: Any]],
            let output = array.first(where: { $0["name"] as? String == "probabilities" }),
            let data = output["data"] as? [NSNumber]
        else { return [] }
        return data.map(\.doubleValue)
    }

    /// Polls `condition` up to 400 times, 25 ms apart; returns whether it became true.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<400 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return false
    }
}
