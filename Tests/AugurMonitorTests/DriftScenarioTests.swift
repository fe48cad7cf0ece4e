import AugurModels
import Testing

@testable import AugurMonitor

/// The synthetic-traffic scenarios, fed straight to the monitor core.
@Suite("drift scenarios on synthetic traffic")
struct DriftScenarioTests {
    let model = SyntheticModel()
    let windowRecords = 500

    func monitor(published: ReferenceStatistics?) -> DriftMonitor {
        DriftMonitor(
            configuration: MonitorConfiguration(window: WindowPolicy(records: windowRecords)),
            publishedReference: { _, _ in published }
        )
    }

    @Test("requests drawn from the reference distribution raise no alert over 20 windows")
    func referenceTrafficRaisesNoAlert() {
        var monitor = monitor(published: model.reference(rows: 5_000, seed: 1))
        var rng = SeededGenerator(seed: 2)
        var reports: [WindowReport] = []
        for i in 0..<(20 * windowRecords) {
            reports += monitor.ingest(model.record(version: 1, row: model.row(&rng), timeMicros: UInt64(i) * 1_000))
        }
        #expect(reports.count == 20)
        #expect(reports.allSatisfy { $0.comparisons.contains { $0.kind == .published } })
        #expect(reports.flatMap(\.alerts).isEmpty)
    }

    @Test("a one-standard-deviation shift in one feature's mean raises a feature-drift alert naming it within two windows")
    func featureShiftIsNamed() throws {
        var monitor = monitor(published: model.reference(rows: 5_000, seed: 1))
        var rng = SeededGenerator(seed: 3)
        var time: UInt64 = 0
        for _ in 0..<(2 * windowRecords) {
            time += 1_000
            #expect(monitor.ingest(model.record(version: 1, row: model.row(&rng), timeMicros: time)).flatMap(\.alerts).isEmpty)
        }
        var shiftedReports: [WindowReport] = []
        for _ in 0..<(2 * windowRecords) {
            time += 1_000
            shiftedReports += monitor.ingest(model.record(version: 1, row: model.row(&rng, shiftFeature: 3), timeMicros: time))
        }
        let alert = try #require(shiftedReports.flatMap(\.alerts).first { $0.signal == .featureDrift })
        #expect(alert.state == .firing)
        #expect(alert.reference == .published)
        #expect(alert.topColumns == ["X[3]"])
        #expect(alert.statistic == "psi")
        #expect(alert.value >= 0.25)
        #expect(alert.window.index <= 3)
    }

    @Test("with sliding windows reference traffic stays quiet and a one-deviation shift is found within one window")
    func slidingWindows() throws {
        var monitor = DriftMonitor(
            configuration: MonitorConfiguration(window: WindowPolicy(records: windowRecords, panes: 5)),
            publishedReference: { [reference = model.reference(rows: 5_000, seed: 1)] _, _ in reference }
        )
        var rng = SeededGenerator(seed: 8)
        var time: UInt64 = 0
        var quiet: [WindowReport] = []
        for _ in 0..<(20 * windowRecords) {
            time += 1_000
            quiet += monitor.ingest(model.record(version: 1, row: model.row(&rng), timeMicros: time))
        }
        #expect(quiet.count == 96)
        #expect(quiet.flatMap(\.alerts).isEmpty)
        var shifted: [WindowReport] = []
        for _ in 0..<windowRecords {
            time += 1_000
            shifted += monitor.ingest(model.record(version: 1, row: model.row(&rng, shiftFeature: 2), timeMicros: time))
        }
        let alert = try #require(shifted.flatMap(\.alerts).first { $0.signal == .featureDrift })
        #expect(alert.topColumns.first == "X[2]")
    }

    @Test("a shift in the output distribution after a hot swap raises a prediction-drift alert against the previous version")
    func hotSwapOutputShift() throws {
        var monitor = monitor(published: nil)
        var rng = SeededGenerator(seed: 4)
        var time: UInt64 = 0
        var reports: [WindowReport] = []
        for _ in 0..<(3 * windowRecords) {
            time += 1_000
            reports += monitor.ingest(model.record(version: 1, row: model.row(&rng), timeMicros: time))
        }
        var swapped = SyntheticModel()
        swapped.thresholds = (0.25, 0.5)  // version 2 predicts more "c" and fewer "a" on the same inputs
        for _ in 0..<(2 * windowRecords) {
            time += 1_000
            reports += monitor.ingest(swapped.record(version: 2, row: swapped.row(&rng), timeMicros: time))
        }
        let alerts = reports.flatMap(\.alerts)
        let alert = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(alert.version == 2)
        #expect(alert.signal == .predictionDrift)
        #expect(alert.reference == .previousVersion)
        #expect(alert.referenceVersion == 1)
        #expect(alert.topColumns == ["label"])
        #expect(alert.window.index <= 1)
    }

    @Test("the version after a hot swap is compared with its own first live traffic too, without alerting")
    func firstLiveReferenceIsQuiet() {
        var configuration = MonitorConfiguration(window: WindowPolicy(records: windowRecords))
        configuration.liveReferenceRecords = 1_000
        var monitor = DriftMonitor(configuration: configuration)
        var rng = SeededGenerator(seed: 5)
        var reports: [WindowReport] = []
        for i in 0..<(10 * windowRecords) {
            reports += monitor.ingest(model.record(version: 1, row: model.row(&rng), timeMicros: UInt64(i) * 1_000))
        }
        #expect(reports.dropFirst(2).allSatisfy { $0.comparisons.map(\.kind) == [.firstLive] })
        #expect(reports.flatMap(\.alerts).isEmpty)
    }

    @Test("a feature drifting then returning fires once and resolves once")
    func driftAndRecovery() {
        var monitor = monitor(published: model.reference(rows: 5_000, seed: 1))
        var rng = SeededGenerator(seed: 6)
        var time: UInt64 = 0
        var alerts: [DriftAlert] = []
        for phase in [nil, 0, 0, 0, nil, nil, nil, nil] as [Int?] {
            for _ in 0..<windowRecords {
                time += 1_000
                let row = model.row(&rng, shiftFeature: phase)
                alerts += monitor.ingest(model.record(version: 1, row: row, timeMicros: time)).flatMap(\.alerts)
            }
        }
        let features = alerts.filter { $0.signal == .featureDrift }
        #expect(features.map(\.state) == [.firing, .resolved])
        #expect(features.first?.topColumns.first == "X[0]")
        #expect(!monitor.isFiring(model: "m", version: 1, signal: .featureDrift, reference: .published))
    }
}
