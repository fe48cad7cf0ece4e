import AugurControl
import AugurModels
import Testing

@Suite("Rollback plan")
struct RollbackPlanTests {
    private func status(_ commands: [ControlCommand], reported: [String: ModelServingState] = [:]) -> FleetStatus {
        let now = ControlClock.nowMilliseconds()
        let daemons =
            reported.isEmpty
            ? []
            : [FleetStatus.Daemon(name: "d", report: DaemonReport(daemon: "d", state: reported, issuedMilliseconds: now), isStale: false)]
        return FleetStatus(daemons: daemons, control: ControlState(commands: commands), position: .start)
    }

    @Test("a canary in progress is ended")
    func canary() throws {
        let plan = try RollbackPlan.plan(
            model: "m",
            status: status([.activate("m", version: 1), .activate("m", version: 2, canaryPercent: 10)]),
            publishedVersions: nil
        )
        #expect(plan == .endCanary)
        #expect(plan.command(for: "m").version == nil)
    }

    @Test("a canary only the daemons report is ended too")
    func reportedCanary() throws {
        let reported = [
            "m": ModelServingState(version: 1, sinceMilliseconds: 0, canary: CanaryState(version: 2, percent: 5, sinceMilliseconds: 0))
        ]
        #expect(try RollbackPlan.plan(model: "m", status: status([], reported: reported), publishedVersions: nil) == .endCanary)
    }

    @Test("the stable version before the current one comes from the history")
    func history() throws {
        let commands: [ControlCommand] = [.activate("m", version: 5), .activate("m", version: 2)]
        #expect(try RollbackPlan.plan(model: "m", status: status(commands), publishedVersions: [1, 2, 3, 4, 5]) == .version(5))
    }

    @Test("without history, the highest published version below the current one")
    func repository() throws {
        let reported = ["m": ModelServingState(version: 4, sinceMilliseconds: 0)]
        #expect(try RollbackPlan.plan(model: "m", status: status([], reported: reported), publishedVersions: [1, 2, 4, 6]) == .version(2))
    }

    @Test("without history or repository, or with nothing earlier, the plan fails with a reason")
    func failures() {
        let reported = ["m": ModelServingState(version: 4, sinceMilliseconds: 0)]
        #expect(throws: RollbackPlanError.noHistory(model: "m", current: 4)) {
            try RollbackPlan.plan(model: "m", status: status([], reported: reported), publishedVersions: nil)
        }
        #expect(throws: RollbackPlanError.noEarlierVersion(model: "m", current: 4)) {
            try RollbackPlan.plan(model: "m", status: status([], reported: reported), publishedVersions: [4, 5])
        }
        #expect(throws: RollbackPlanError.notServed(model: "m")) {
            try RollbackPlan.plan(model: "m", status: status([]), publishedVersions: [1])
        }
    }
}
