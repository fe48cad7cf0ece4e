import Testing

@testable import AugurMonitor

@Suite("windows per model version")
struct WindowingTests {
    func record(version: Int, time: UInt64, x: Double = 1, outcome: String = "ok") -> MonitoredRecord {
        MonitoredRecord(
            model: "m",
            version: version,
            outcome: outcome,
            timeMicros: time,
            numeric: [.feature("X", 0): [x]],
            labels: [.output("label"): ["a"]]
        )
    }

    @Test("a count window closes after its records, per version")
    func countWindows() {
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: WindowPolicy(records: 3)))
        var reports: [WindowReport] = []
        for i in 0..<7 {
            reports += monitor.ingest(record(version: 1, time: UInt64(i)))
            reports += monitor.ingest(record(version: 2, time: UInt64(i)))
        }
        #expect(reports.map(\.version) == [1, 2, 1, 2])
        #expect(reports.map(\.window.index) == [0, 0, 1, 1])
        #expect(reports.allSatisfy { $0.window.records == 3 })
    }

    @Test("a time window closes when a record arrives after its span, and that record opens the next")
    func timeWindows() {
        let policy = WindowPolicy(records: 1_000, seconds: 1)
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: policy))
        var reports: [WindowReport] = []
        for time: UInt64 in [0, 400_000, 999_999, 1_000_000, 1_500_000, 2_100_000] {
            reports += monitor.ingest(record(version: 1, time: time))
        }
        #expect(reports.map(\.window.records) == [3, 2])
        #expect(reports.first?.window.startMicros == 0)
        #expect(reports.first?.window.endMicros == 999_999)
        #expect(reports.last?.window.startMicros == 1_000_000)
    }

    @Test("sliding windows of four panes are judged every quarter window, over the last full window")
    func slidingCountWindows() {
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: WindowPolicy(records: 8, panes: 4)))
        var reports: [WindowReport] = []
        for i in 0..<15 { reports += monitor.ingest(record(version: 1, time: UInt64(i))) }
        #expect(reports.map(\.window.index) == [0, 1, 2, 3])
        #expect(reports.allSatisfy { $0.window.records == 8 })
        #expect(reports.map(\.window.startMicros) == [0, 2, 4, 6])
        #expect(reports.map(\.window.endMicros) == [7, 9, 11, 13])
    }

    @Test("sliding time windows close a pane per half span and judge the last two panes")
    func slidingTimeWindows() {
        var monitor = DriftMonitor(
            configuration: MonitorConfiguration(window: WindowPolicy(records: 1_000, seconds: 4, panes: 2))
        )
        var reports: [WindowReport] = []
        for time: UInt64 in [0, 1_000_000, 2_500_000, 3_000_000, 4_100_000, 6_500_000, 9_000_000] {
            reports += monitor.ingest(record(version: 1, time: time))
        }
        #expect(reports.map(\.window.records) == [5, 4])
        #expect(reports.first?.window.startMicros == 0)
        #expect(reports.last?.window.startMicros == 2_500_000)
        #expect(reports.last?.window.endMicros == 6_500_000)
    }

    @Test("an idle time window is closed by the clock")
    func expiredWindows() {
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: WindowPolicy(records: 1_000, seconds: 2)))
        _ = monitor.ingest(record(version: 1, time: 10_000_000))
        #expect(monitor.closeExpiredWindows(nowMicros: 11_000_000).isEmpty)
        let reports = monitor.closeExpiredWindows(nowMicros: 12_000_000)
        #expect(reports.map(\.window.records) == [1])
        #expect(monitor.closeExpiredWindows(nowMicros: 20_000_000).isEmpty)
    }

    @Test("failed records count as errors and add no values")
    func errorsCounted() throws {
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: WindowPolicy(records: 4)))
        var reports: [WindowReport] = []
        reports += monitor.ingest(record(version: 1, time: 1, x: 1))
        reports += monitor.ingest(record(version: 1, time: 2, x: 3))
        reports += monitor.ingest(record(version: 1, time: 3, x: 100, outcome: "model_failed"))
        reports += monitor.ingest(record(version: 1, time: 4, x: .nan))
        let report = try #require(reports.first)
        #expect(report.errors == 1)
        guard case .numeric(let summary)? = report.summaries[.feature("X", 0)] else {
            Issue.record("no numeric summary for X[0]")
            return
        }
        #expect(summary.count == 2)
        #expect(summary.missing == 1)
        #expect(summary.mean == 2)
        #expect(report.summaries[.output("label")] == .classShares(["a": 1]))
    }

    @Test("records without a version are not windowed")
    func unversionedSkipped() {
        var monitor = DriftMonitor(configuration: MonitorConfiguration(window: WindowPolicy(records: 1)))
        let reports = monitor.ingest(MonitoredRecord(model: "m", version: nil, outcome: "unknown_model", timeMicros: 1))
        #expect(reports.isEmpty)
    }
}
