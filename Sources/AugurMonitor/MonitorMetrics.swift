import CoreMetrics

/// The monitor's metrics, by their Prometheus names: every alert event is counted, and each closed window
/// sets the firing state and the largest PSI per signal, so dashboards see drift without the alert stream.
///
/// Windows close at most a few times a second per model version, so handles are made per report rather
/// than cached.
public struct MonitorMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Creates the metrics on the bootstrapped `MetricsSystem`.
    public init() {
        self.init(factory: MetricsSystem.factory)
    }

    /// Creates the metrics on `factory` (tests pass a `TestMetrics`).
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records a closed window: `augur_monitor_windows_total{model,version}`,
    /// `augur_drift_max_psi{model,version,signal,reference}` (largest column PSI),
    /// `augur_drift_alerts_total{model,version,signal,reference,state}` per event and
    /// `augur_drift_alert_firing{model,version,signal,reference}` (1 firing, 0 resolved).
    public func record(_ report: WindowReport) {
        let version = String(report.version)
        Counter(label: "augur_monitor_windows_total", dimensions: [("model", report.model), ("version", version)], factory: factory)
            .increment()
        for comparison in report.comparisons {
            for signal in DriftSignal.allCases {
                let psis = comparison.drifts.filter { $0.column.kind == signal.columnKind }.map(\.psi)
                guard let largest = psis.max() else { continue }
                Gauge(
                    label: "augur_drift_max_psi",
                    dimensions: [
                        ("model", report.model), ("version", version), ("signal", signal.rawValue),
                        ("reference", comparison.kind.rawValue),
                    ],
                    factory: factory
                ).record(largest)
            }
        }
        for alert in report.alerts {
            let dimensions = [
                ("model", alert.model), ("version", String(alert.version)), ("signal", alert.signal.rawValue),
                ("reference", alert.reference.rawValue),
            ]
            Counter(label: "augur_drift_alerts_total", dimensions: dimensions + [("state", alert.state.rawValue)], factory: factory)
                .increment()
            Gauge(label: "augur_drift_alert_firing", dimensions: dimensions, factory: factory)
                .record(alert.state == .firing ? 1 : 0)
        }
    }
}
