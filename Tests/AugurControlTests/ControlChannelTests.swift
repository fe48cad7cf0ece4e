import AugurControl
import AugurModels
import AugurRedisClient
import Testing

@Suite("Control over a channel that cannot delete entries")
struct AppendOnlyChannelTests {
    private func listener(_ name: String, host: ModelHost, channel: any ControlChannel, interval: Duration = .seconds(10))
        -> ControlListener
    {
        ControlListener(
            channel: channel,
            host: host,
            configuration: ControlConfiguration(daemonName: name, reportInterval: interval, block: .milliseconds(50)),
            logger: quietLogger
        )
    }

    @Test("replay applies the commands already on the channel before the daemon serves")
    func replayApplies() async throws {
        let harness = try await ControlHarness()
        let channel = AppendOnlyChannel()
        _ = try await channel.issue(.activate(ControlHarness.model, version: 2))
        _ = try await channel.issue(.activate(ControlHarness.model, version: 3, canaryPercent: 20))
        let host = try await harness.host(serving: 1)
        try await listener("d1", host: host, channel: channel).replay()
        let served = VersionsServed(host.servingState()[ControlHarness.model])
        host.shutdown()
        #expect(served == VersionsServed(version: 2, canary: 3, percent: 20))
    }

    @Test("a command issued while following is applied and its outcome found after the status position")
    func followReports() async throws {
        let harness = try await ControlHarness()
        let channel = AppendOnlyChannel()
        let host = try await harness.host(serving: 1)
        let daemon = listener("d1", host: host, channel: channel)
        try await daemon.replay()
        let following = Task { await daemon.follow() }
        let status = try await FleetStatus.read(from: channel, logger: quietLogger)
        let command = ControlCommand.activate(ControlHarness.model, version: 3)
        let position = try await channel.issue(command) ?? status.position
        let outcomes = try await CommandOutcomes.wait(
            for: command.commandID,
            from: ["d1"],
            on: channel,
            after: position,
            timeout: .seconds(30),
            logger: quietLogger
        )
        following.cancel()
        await following.value
        host.shutdown()
        #expect(outcomes["d1"]?.succeeded == true)
        #expect(host.servingState()[ControlHarness.model]?.version == 3)
    }

    @Test("heartbeats stay on the channel, and status shows each daemon's latest report")
    func statusTakesLatestHeartbeat() async throws {
        let harness = try await ControlHarness()
        let channel = AppendOnlyChannel()
        let host = try await harness.host(serving: 2)
        let daemon = listener("d1", host: host, channel: channel, interval: .milliseconds(20))
        try await daemon.replay()
        let following = Task { await daemon.follow() }
        while channel.count < 4 { try await Task.sleep(for: .milliseconds(10)) }
        following.cancel()
        await following.value
        host.shutdown()
        let (entries, _) = try await channel.entries(after: .start)
        let reports = entries.compactMap { entry -> DaemonReport? in
            if case .report(let report)? = try? ControlEntry(fields: entry.fields) { return report }
            return nil
        }
        let status = try await FleetStatus.read(from: channel, logger: quietLogger)
        #expect(status.daemons.count == 1)
        #expect(status.daemons.first?.report == reports.last)
        #expect(status.position == entries.last?.position)
    }
}

@Suite("Control stream channel against redis-server")
struct RedisControlChannelTests {
    @Test("reading an empty stream from the start stays at the start")
    func emptyStream() async throws {
        let harness = try await ControlHarness(versions: 1...1)
        let channel = RedisControlChannel(reader: harness.operatorConnection)
        let (entries, last) = try await channel.entries(after: .start)
        #expect(entries.isEmpty)
        #expect(last == .start)
    }

    @Test("appends return their entry ids, and reading after the first returns only the second")
    func positionsAreEntryIDs() async throws {
        let harness = try await ControlHarness(versions: 1...1)
        let channel = RedisControlChannel(reader: harness.operatorConnection)
        let first = try #require(try await channel.issue(.promote("a")))
        let second = try #require(try await channel.issue(.promote("b")))
        let (all, last) = try await channel.entries(after: .start)
        let (rest, _) = try await channel.entries(after: first)
        #expect(all.map(\.position) == [first, second])
        #expect(last == second)
        #expect(rest.map(\.position) == [second])
    }

    @Test("remove deletes the entry")
    func removeDeletes() async throws {
        let harness = try await ControlHarness(versions: 1...1)
        let channel = RedisControlChannel(reader: harness.operatorConnection)
        let first = try #require(try await channel.issue(.promote("a")))
        try await channel.remove(first)
        #expect(try await channel.entries(after: .start).entries.isEmpty)
    }

    @Test("a Kafka offset is refused as a stream position")
    func offsetRefused() async throws {
        let harness = try await ControlHarness(versions: 1...1)
        let channel = RedisControlChannel(reader: harness.operatorConnection)
        await #expect(throws: ControlPositionMismatch.self) { try await channel.entries(after: .offset(3)) }
    }
}
