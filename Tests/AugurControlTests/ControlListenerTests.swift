import AugurControl
import AugurModels
import AugurRedisClient
import NIOCore
import Testing

@Suite("Control listener against redis-server")
struct ControlListenerTests {
    @Test("two listeners both apply a broadcast activate and report it")
    func broadcastActivate() async throws {
        let harness = try await ControlHarness()
        let first = try await harness.startDaemon("daemon-a")
        let second = try await harness.startDaemon("daemon-b")
        let outcomes = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [first, second])
        await harness.stopAll()
        #expect(outcomes.values.map(\.succeeded) == [true, true])
        #expect(VersionsServed(first.host.servingState()[ControlHarness.model]) == VersionsServed(version: 2))
        #expect(VersionsServed(second.host.servingState()[ControlHarness.model]) == VersionsServed(version: 2))
    }

    @Test("a listener started after the commands replays them to the state a following one reached")
    func lateListenerReplays() async throws {
        let harness = try await ControlHarness()
        let early = try await harness.startDaemon("early")
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [early])
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 3, canaryPercent: 20), daemons: [early])
        let late = try await harness.startDaemon("late", initialVersion: nil, follow: false)
        await harness.stopAll()
        let expected = VersionsServed(version: 2, canary: 3, percent: 20)
        #expect(VersionsServed(early.host.servingState()[ControlHarness.model]) == expected)
        #expect(VersionsServed(late.host.servingState()[ControlHarness.model]) == expected)
    }

    @Test("a rollback planned during a canary ends the canary and keeps the stable version")
    func rollbackEndsCanary() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon")
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [daemon])
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 3, canaryPercent: 10), daemons: [daemon])
        let plan = try RollbackPlan.plan(model: ControlHarness.model, status: try await harness.status(), publishedVersions: nil)
        #expect(plan == .endCanary)
        let outcomes = try await harness.issueAndWait(plan.command(for: ControlHarness.model), daemons: [daemon])
        await harness.stopAll()
        #expect(outcomes[daemon.name]?.succeeded == true)
        #expect(VersionsServed(daemon.host.servingState()[ControlHarness.model]) == VersionsServed(version: 2))
    }

    @Test("a rollback without a canary returns to the previous stable version")
    func rollbackReturnsToPrevious() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon")
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 3), daemons: [daemon])
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [daemon])
        let plan = try RollbackPlan.plan(model: ControlHarness.model, status: try await harness.status(), publishedVersions: nil)
        #expect(plan == .version(3))
        let outcomes = try await harness.issueAndWait(plan.command(for: ControlHarness.model), daemons: [daemon])
        await harness.stopAll()
        #expect(outcomes[daemon.name]?.succeeded == true)
        #expect(VersionsServed(daemon.host.servingState()[ControlHarness.model]) == VersionsServed(version: 3))
    }

    @Test("promote makes every daemon's canary its stable version")
    func promote() async throws {
        let harness = try await ControlHarness()
        let first = try await harness.startDaemon("daemon-a")
        let second = try await harness.startDaemon("daemon-b")
        _ = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2, canaryPercent: 30), daemons: [first, second])
        let outcomes = try await harness.issueAndWait(.promote(ControlHarness.model), daemons: [first, second])
        await harness.stopAll()
        #expect(outcomes.values.map(\.succeeded) == [true, true])
        for daemon in [first, second] {
            #expect(VersionsServed(daemon.host.servingState()[ControlHarness.model]) == VersionsServed(version: 2))
        }
    }

    @Test("an activate of a version that does not load is reported failed and the daemon keeps serving")
    func failedActivate() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon")
        let outcomes = try await harness.issueAndWait(.activate(ControlHarness.model, version: 42), daemons: [daemon])
        let outcome = try #require(outcomes[daemon.name])
        #expect(!outcome.succeeded)
        #expect(outcome.message.contains("42"))
        #expect(try daemon.host.resolve(ControlHarness.model).version == 1)
        // It still applies the next command.
        let next = try await harness.issueAndWait(.activate(ControlHarness.model, version: 2), daemons: [daemon])
        await harness.stopAll()
        #expect(next[daemon.name]?.succeeded == true)
        #expect(daemon.host.servingState()[ControlHarness.model]?.version == 2)
    }

    @Test("a malformed entry on the control stream is skipped and later commands still apply")
    func malformedEntrySkipped() async throws {
        let harness = try await ControlHarness()
        let daemon = try await harness.startDaemon("daemon")
        _ = try await harness.operatorConnection.xadd(
            "augur:control",
            fields: [("type", ByteBuffer(string: "command")), ("op", ByteBuffer(string: "explode"))]
        )
        _ = try await harness.operatorConnection.xadd("augur:control", fields: [("nonsense", ByteBuffer(string: "1"))])
        let outcomes = try await harness.issueAndWait(.activate(ControlHarness.model, version: 3), daemons: [daemon])
        let late = try await harness.startDaemon("late", initialVersion: nil, follow: false)
        await harness.stopAll()
        #expect(outcomes[daemon.name]?.succeeded == true)
        #expect(daemon.host.servingState()[ControlHarness.model]?.version == 3)
        #expect(late.host.servingState()[ControlHarness.model]?.version == 3)
    }
}
