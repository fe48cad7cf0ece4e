import MetricsTestKit
import Testing

@testable import AugurMonitor

@Suite("monitor metrics")
struct MonitorMetricsTests {
    @Test("an alert event is counted by state and sets the firing gauge; a window sets the largest PSI per signal")
    func alertAndWindowMetrics() throws {
        let test = TestMetrics()
        let metrics = MonitorMetrics(factory: test)
        let position = WindowPosition(index: 4, startMicros: 0, endMicros: 9, records: 500)
        let drifts = [
            ColumnDrift(column: .feature("X", 0), count: 500, psi: 0.4),
            ColumnDrift(column: .feature("X", 1), count: 500, psi: 0.02),
            ColumnDrift(column: .output("label"), count: 500, psi: 0.05),
        ]
        let alert = DriftAlert(
            model: "m",
            version: 3,
            signal: .featureDrift,
            reference: .published,
            referenceVersion: 3,
            statistic: "psi",
            value: 0.4,
            threshold: 0.25,
            window: position,
            topColumns: ["X[0]"],
            state: .firing
        )
        metrics.record(
            WindowReport(
                model: "m",
                version: 3,
                window: position,
                errors: 0,
                summaries: [:],
                comparisons: [ReferenceComparison(kind: .published, referenceVersion: 3, drifts: drifts)],
                alerts: [alert]
            )
        )
        let dimensions = [("model", "m"), ("version", "3"), ("signal", "feature_drift"), ("reference", "published")]
        #expect(try test.expectCounter("augur_drift_alerts_total", dimensions + [("state", "firing")]).totalValue == 1)
        #expect(try test.expectGauge("augur_drift_alert_firing", dimensions).lastValue == 1)
        #expect(try test.expectGauge("augur_drift_max_psi", dimensions).lastValue == 0.4)
        let predictions = [("model", "m"), ("version", "3"), ("signal", "prediction_drift"), ("reference", "published")]
        #expect(try test.expectGauge("augur_drift_max_psi", predictions).lastValue == 0.05)
        #expect(try test.expectCounter("augur_monitor_windows_total", [("model", "m"), ("version", "3")]).totalValue == 1)
    }
}
