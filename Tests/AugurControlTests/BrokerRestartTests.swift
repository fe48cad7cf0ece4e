import AugurControl
import AugurModels
import AugurRedisClient
import Testing

@Suite("Control listener: broker failures")
struct BrokerRestartTests {
    @Test("a listener keeps following and applying commands after the broker restarts")
    func followsAcrossRestart() async throws {
        let harness = try await ControlHarness()
        let client = RedisClient(
            configuration: .init(
                connection: harness.server.configuration(),
                reconnectBackoff: ReconnectBackoff(minDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
                connectionWaitTimeout: .seconds(30)
            )
        )
        let writer = RedisClient(configuration: client.configuration)
        let clients = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                group.addTask { await writer.run() }
            }
        }
        let host = try await harness.host(serving: 1)
        let listener = harness.listener("daemon", host: host, reader: client, writer: writer)
        try await listener.replay()
        let following = Task { await listener.follow() }

        harness.server.stop()
        try await harness.server.start()
        let operatorConnection = try await harness.server.connect()
        defer { operatorConnection.abort() }
        let command = ControlCommand.activate(ControlHarness.model, version: 3)
        let position = try await operatorConnection.issueControlCommand(command)
        let outcomes = try await CommandOutcomes.wait(
            for: command.commandID,
            from: ["daemon"],
            reader: operatorConnection,
            after: position,
            timeout: .seconds(60)
        )

        following.cancel()
        await following.value
        clients.cancel()
        await clients.value
        host.shutdown()
        #expect(outcomes["daemon"]?.succeeded == true)
        #expect(host.servingState()[ControlHarness.model]?.version == 3)
    }
}
