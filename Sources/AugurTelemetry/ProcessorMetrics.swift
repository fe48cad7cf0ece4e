import CoreMetrics
import NIOConcurrencyHelpers

/// The event processor's metrics, by their Prometheus names, over swift-metrics.
///
/// Handles are created once per label set and cached, so the hot path costs a dictionary lookup under a
/// short lock and an atomic add.
public struct ProcessorMetrics: Sendable {
    /// The label value for a request no version was resolved for (say, an unknown model).
    public static let noVersion = "none"

    private let factory: any MetricsFactory
    private let handles: MetricHandles
    private let batchSize: Recorder
    private let pendingRequests: Gauge
    private let lag: Gauge

    /// Creates the metrics on the bootstrapped `MetricsSystem`.
    public init() {
        self.init(factory: MetricsSystem.factory)
    }

    /// Creates the metrics on `factory` (tests pass a `TestMetrics`).
    public init(factory: any MetricsFactory) {
        self.factory = factory
        self.handles = MetricHandles()
        self.batchSize = Recorder(label: "augur_batch_size", aggregate: true, factory: factory)
        self.pendingRequests = Gauge(label: "augur_pending_requests", factory: factory)
        self.lag = Gauge(label: "augur_consumer_lag", factory: factory)
    }

    /// Counts a finished request (`augur_requests_total`), and an error (`augur_request_errors_total`) when
    /// `code` is not `ok`.
    public func requestFinished(model: String, version: Int?, code: String) {
        let key = RequestKey(model: model, version: version, code: code)
        let counters = handles.requestCounters(key) { key in
            let dimensions = [
                ("model", key.model), ("version", key.version.map(String.init) ?? Self.noVersion), ("code", key.code),
            ]
            return (
                Counter(label: "augur_requests_total", dimensions: dimensions, factory: factory),
                key.code == "ok"
                    ? nil : Counter(label: "augur_request_errors_total", dimensions: dimensions, factory: factory)
            )
        }
        counters.requests.increment()
        counters.errors?.increment()
    }

    /// Counts a request a shadow version also scored (`augur_shadow_requests_total{model,shadow_version,agreement}`,
    /// agreement `agree`, `disagree`, or `none` for models without categorical outputs).
    public func shadowScored(model: String, shadowVersion: Int, agrees: Bool?) {
        let agreement = agrees.map { $0 ? "agree" : "disagree" } ?? "none"
        let extra = "\(shadowVersion)/\(agreement)"
        handles.counter(label: "augur_shadow_requests_total", model: model, extra: ("shadow", extra)) {
            Counter(
                label: "augur_shadow_requests_total",
                dimensions: [("model", model), ("shadow_version", String(shadowVersion)), ("agreement", agreement)],
                factory: factory)
        }.increment()
    }

    /// Records how many requests one model call carried (`augur_batch_size`).
    public func batchRan(size: Int) {
        batchSize.record(size)
    }

    /// Records a request's time in the queue, in the model, and end to end (`augur_queue_wait_seconds`,
    /// `augur_inference_seconds`, `augur_end_to_end_seconds`).
    public func latencies(model: String, queueWaitMicros: UInt64, inferenceMicros: UInt64, endToEndMicros: UInt64) {
        let timers = handles.latencyTimers(model) { model in
            let dimensions = [("model", model)]
            return LatencyTimers(
                queueWait: Timer(label: "augur_queue_wait_seconds", dimensions: dimensions, factory: factory),
                inference: Timer(label: "augur_inference_seconds", dimensions: dimensions, factory: factory),
                endToEnd: Timer(label: "augur_end_to_end_seconds", dimensions: dimensions, factory: factory)
            )
        }
        timers.queueWait.recordMicroseconds(queueWaitMicros)
        timers.inference.recordMicroseconds(inferenceMicros)
        timers.endToEnd.recordMicroseconds(endToEndMicros)
    }

    /// Sets how many requests this daemon holds unanswered (`augur_pending_requests`).
    public func pending(_ count: Int) {
        pendingRequests.record(count)
    }

    /// Sets how many entries of the request stream the group has not yet read (`augur_consumer_lag`).
    public func consumerLag(_ count: Int) {
        lag.record(count)
    }

    /// Counts a model version load (`augur_model_loads_total{model,outcome}`, outcome `ok` or `failed`).
    public func modelLoaded(model: String, version: Int, ok: Bool) {
        let outcome = ok ? "ok" : "failed"
        handles.counter(label: "augur_model_loads_total", model: model, extra: ("outcome", outcome)) {
            Counter(label: "augur_model_loads_total", dimensions: [("model", model), ("outcome", outcome)], factory: factory)
        }.increment()
    }

    /// Counts a version becoming active, the first one included (`augur_model_swaps_total`), and sets
    /// `augur_model_active_version`.
    public func modelSwapped(model: String, version: Int) {
        handles.counter(label: "augur_model_swaps_total", model: model, extra: nil) {
            Counter(label: "augur_model_swaps_total", dimensions: [("model", model)], factory: factory)
        }.increment()
        handles.gauge(label: "augur_model_active_version", model: model) {
            Gauge(label: "augur_model_active_version", dimensions: [("model", model)], factory: factory)
        }.record(version)
    }
}

struct RequestKey: Hashable, Sendable {
    var model: String
    var version: Int?
    var code: String
}

struct LatencyTimers: Sendable {
    var queueWait: Timer
    var inference: Timer
    var endToEnd: Timer
}

/// The metric handles created so far, by label set.
final class MetricHandles: Sendable {
    private struct CounterKey: Hashable {
        var label: String
        var model: String
        var extra: String?
    }
    private struct State {
        var requests: [RequestKey: (requests: Counter, errors: Counter?)] = [:]
        var latencies: [String: LatencyTimers] = [:]
        var counters: [CounterKey: Counter] = [:]
        var gauges: [CounterKey: Gauge] = [:]
    }
    private let state = NIOLockedValueBox(State())

    func requestCounters(
        _ key: RequestKey,
        make: (RequestKey) -> (Counter, Counter?)
    ) -> (requests: Counter, errors: Counter?) {
        state.withLockedValue { state in
            if let found = state.requests[key] { return found }
            let made = make(key)
            state.requests[key] = made
            return made
        }
    }

    func latencyTimers(_ model: String, make: (String) -> LatencyTimers) -> LatencyTimers {
        state.withLockedValue { state in
            if let found = state.latencies[model] { return found }
            let made = make(model)
            state.latencies[model] = made
            return made
        }
    }

    func counter(label: String, model: String, extra: (String, String)?, make: () -> Counter) -> Counter {
        let key = CounterKey(label: label, model: model, extra: extra.map { "\($0.0)=\($0.1)" })
        return state.withLockedValue { state in
            if let found = state.counters[key] { return found }
            let made = make()
            state.counters[key] = made
            return made
        }
    }

    func gauge(label: String, model: String, make: () -> Gauge) -> Gauge {
        let key = CounterKey(label: label, model: model, extra: nil)
        return state.withLockedValue { state in
            if let found = state.gauges[key] { return found }
            let made = make()
            state.gauges[key] = made
            return made
        }
    }
}

extension Timer {
    fileprivate func recordMicroseconds(_ micros: UInt64) {
        recordNanoseconds(Int64(clamping: micros.multipliedReportingOverflow(by: 1000).overflow ? UInt64.max : micros * 1000))
    }
}
