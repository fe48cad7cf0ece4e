import AugurControl
import AugurModels
import AugurRedisClient
import Testing

@Suite("Fleet status against redis-server")
struct FleetStatusTests {
    @Test("status shows both daemons' versions and marks one that fell silent as stale")
    func staleDaemon() async throws {
        let harness = try await ControlHarness()
        let interval = Duration.milliseconds(200)
        let live = try await harness.startDaemon("live", reportInterval: interval)
        let silent = try await harness.startDaemon("silent", initialVersion: 2, reportInterval: interval)
        await silent.stop()
        let silentLast = try #require(try await harness.status().daemons.first(where: { $0.name == "silent" })?.report.issuedMilliseconds)
        // Wait for a heartbeat from the live daemon issued more than three intervals after the silent one's last.
        var status = try await harness.status()
        while (status.daemons.first(where: { $0.name == "live" })?.report.issuedMilliseconds ?? 0) <= silentLast + 3 * 200 {
            try await Task.sleep(for: .milliseconds(50))
            status = try await harness.status()
        }
        let liveLast = try #require(status.daemons.first(where: { $0.name == "live" })?.report.issuedMilliseconds)
        status = try await harness.status(now: liveLast)
        await harness.stopAll()
        #expect(status.daemons.map(\.name) == ["live", "silent"])
        #expect(status.daemons.map(\.isStale) == [false, true])
        #expect(status.daemons.map { $0.report.state[ControlHarness.model]?.version } == [1, 2])
        #expect(status.liveDaemons.map(\.name) == [live.name])
    }

    @Test("heartbeats replace the daemon's previous heartbeat instead of piling up on the stream")
    func heartbeatsDoNotPileUp() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon", reportInterval: .milliseconds(50))
        let first = try await harness.status().daemons.first?.report.issuedMilliseconds ?? 0
        var latest = first
        while latest < first + 500 {
            try await Task.sleep(for: .milliseconds(50))
            latest = try await harness.status().daemons.first?.report.issuedMilliseconds ?? 0
        }
        await daemon.stop()
        let length = try await harness.operatorConnection.xlen("augur:control")
        await harness.stopAll()
        // One heartbeat, or two if the daemon stopped between writing its last one and deleting the one before.
        #expect(length <= 2)
    }

    @Test("the status fold knows the commanded versions and a canary in progress")
    func statusFold() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon")
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [daemon])
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 3, canaryPercent: 5), daemons: [daemon])
        let status = try await harness.status()
        await harness.stopAll()
        let model = try #require(status.control.models[ControlHarness.model])
        #expect(model.stable == 2)
        #expect(model.canary == ControlState.Canary(version: 3, percent: 5))
        let reported = try #require(status.reportedState(of: ControlHarness.model))
        #expect(VersionsServed(reported) == VersionsServed(version: 2, canary: 3, percent: 5))
    }
}
