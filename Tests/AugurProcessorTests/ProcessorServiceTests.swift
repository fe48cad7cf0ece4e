import AugurModels
import AugurProcessor
import AugurRedisClient
import AugurTestSupport
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@Suite("ProcessorService against redis-server", .serialized)
struct ProcessorServiceTests {
    private static let quiet: Logger = {
        var logger = Logger(label: "augur.processor-service.tests")
        logger.logLevel = .critical
        return logger
    }()

    private func request(_ id: String, inputs: String) -> [(name: String, value: ByteBuffer)] {
        [("id", id), ("model", "churn"), ("inputs", inputs)].map { (name: $0.0, value: ByteBuffer(string: $0.1)) }
    }

    @Test("in a service group it answers requests and returns on graceful shutdown with nothing pending")
    func answersUntilGracefulShutdown() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let client = try await server.connect()
        let service = ProcessorService(broker: .network(server.configuration(), logger: Self.quiet), host: served.host, logger: Self.quiet)
        let group = ServiceGroup(services: [service], logger: Self.quiet)
        let row = rowsJSON(sampleRows(1, width: 6, seed: 7))
        var answered = 0
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = try await client.xadd("augur:requests", fields: request("first", inputs: row))
            for _ in 0..<400 where answered == 0 {
                answered = try await client.xlen("augur:results")
                if answered == 0 { try await Task.sleep(for: .milliseconds(25)) }
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(answered == 1)
        let results = try await client.xrange("augur:results")
        #expect(results.count == 1)
        let fields = Dictionary(
            uniqueKeysWithValues: results.first?.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) } ?? [])
        #expect(fields["id"] == "first" && fields["version"] == "1" && fields["outputs"] != nil)
        #expect(try await client.xpending("augur:requests", group: "augur").count == 0)
    }

    @Test("at start it loads every model in the repository, not only those already active")
    func loadsRepositoryModels() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        // Published only: the host has never loaded it.
        _ = try served.host.repository.publish(
            modelFile: ModelFixtures.modelFile("logreg_binary"), name: "fraud", options: PublishOptions(version: 1))
        #expect(served.host.loadedModel("fraud") == nil)
        let client = try await server.connect()
        let service = ProcessorService(broker: .network(server.configuration(), logger: Self.quiet), host: served.host, logger: Self.quiet)
        let group = ServiceGroup(services: [service], logger: Self.quiet)
        var fields = request("late", inputs: rowsJSON(sampleRows(1, width: 6, seed: 8)))
        fields[1].value = ByteBuffer(string: "fraud")
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            _ = try await client.xadd("augur:requests", fields: fields)
            for _ in 0..<400 where try await client.xlen("augur:results") == 0 {
                try await Task.sleep(for: .milliseconds(25))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let result = try await client.xrange("augur:results").first
        let answer = Dictionary(uniqueKeysWithValues: result?.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) } ?? [])
        #expect(answer["model"] == "fraud" && answer["version"] == "1" && answer["outputs"] != nil)
        #expect(served.host.activeVersions()["fraud"] == 1)
    }
}
