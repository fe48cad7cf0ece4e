import CoreMetrics
import MetricsTestKit
import Prometheus
import Testing

@testable import AugurTelemetry

@Suite("Processor metrics")
struct ProcessorMetricsTests {
    @Test("a finished request counts by model, version and code; errors count twice")
    func requestsAndErrors() throws {
        let test = TestMetrics()
        let metrics = ProcessorMetrics(factory: test)
        metrics.requestFinished(model: "iris", version: 2, code: "ok")
        metrics.requestFinished(model: "iris", version: 2, code: "ok")
        metrics.requestFinished(model: "iris", version: nil, code: "unknown_model")

        let ok = try test.expectCounter("augur_requests_total", [("model", "iris"), ("version", "2"), ("code", "ok")])
        #expect(ok.totalValue == 2)
        let failed = [("model", "iris"), ("version", "none"), ("code", "unknown_model")]
        #expect(try test.expectCounter("augur_requests_total", failed).totalValue == 1)
        #expect(try test.expectCounter("augur_request_errors_total", failed).totalValue == 1)
        #expect(test.counters(label: "augur_request_errors_total").count == 1)
    }

    @Test("latencies land in the three timers of the model, in nanoseconds")
    func latencyTimers() throws {
        let test = TestMetrics()
        let metrics = ProcessorMetrics(factory: test)
        metrics.latencies(model: "iris", queueWaitMicros: 120, inferenceMicros: 45, endToEndMicros: 300)

        #expect(try test.expectTimer("augur_queue_wait_seconds", [("model", "iris")]).lastValue == 120_000)
        #expect(try test.expectTimer("augur_inference_seconds", [("model", "iris")]).lastValue == 45_000)
        #expect(try test.expectTimer("augur_end_to_end_seconds", [("model", "iris")]).lastValue == 300_000)
    }

    @Test("batch size is an aggregated recorder; pending and lag are gauges")
    func batchPendingLag() throws {
        let test = TestMetrics()
        let metrics = ProcessorMetrics(factory: test)
        metrics.batchRan(size: 17)
        metrics.pending(40)
        metrics.consumerLag(3)

        let batch = try test.expectRecorder("augur_batch_size")
        #expect(batch.lastValue == 17)
        #expect(batch.aggregate)
        #expect(try test.expectGauge("augur_pending_requests").lastValue == 40)
        #expect(try test.expectGauge("augur_consumer_lag").lastValue == 3)
    }

    @Test("model loads count by outcome; a swap counts and sets the active version")
    func loadsAndSwaps() throws {
        let test = TestMetrics()
        let metrics = ProcessorMetrics(factory: test)
        metrics.modelLoaded(model: "iris", version: 3, ok: true)
        metrics.modelLoaded(model: "iris", version: 4, ok: false)
        metrics.modelSwapped(model: "iris", version: 3)

        #expect(try test.expectCounter("augur_model_loads_total", [("model", "iris"), ("outcome", "ok")]).totalValue == 1)
        #expect(
            try test.expectCounter("augur_model_loads_total", [("model", "iris"), ("outcome", "failed")]).totalValue == 1
        )
        #expect(try test.expectCounter("augur_model_swaps_total", [("model", "iris")]).totalValue == 1)
        #expect(try test.expectGauge("augur_model_active_version", [("model", "iris")]).lastValue == 3)
    }

    @Test("the Prometheus exposition names every metric with its labels and the configured buckets")
    func prometheusExposition() {
        let registry = PrometheusCollectorRegistry()
        let metrics = ProcessorMetrics(factory: MetricsBootstrap.factory(registry: registry))
        metrics.requestFinished(model: "iris", version: 2, code: "ok")
        metrics.requestFinished(model: "iris", version: 2, code: "bad_inputs")
        metrics.batchRan(size: 3)
        metrics.latencies(model: "iris", queueWaitMicros: 70, inferenceMicros: 20, endToEndMicros: 4_000_000)
        metrics.pending(5)
        metrics.consumerLag(9)
        metrics.modelLoaded(model: "iris", version: 2, ok: true)
        metrics.modelSwapped(model: "iris", version: 2)

        let text = registry.emitToString()
        #expect(text.contains(#"augur_requests_total{model="iris",version="2",code="ok"} 1"#))
        #expect(text.contains(#"augur_request_errors_total{model="iris",version="2",code="bad_inputs"} 1"#))
        #expect(text.contains(#"augur_batch_size_bucket{le="2.0"} 0"#))
        #expect(text.contains(#"augur_batch_size_bucket{le="4.0"} 1"#))
        #expect(text.contains(#"augur_batch_size_bucket{le="1024.0"} 1"#))
        #expect(text.contains(#"augur_queue_wait_seconds_bucket{model="iris",le="0.00005"} 0"#))
        #expect(text.contains(#"augur_queue_wait_seconds_bucket{model="iris",le="0.0001"} 1"#))
        #expect(text.contains(#"augur_end_to_end_seconds_bucket{model="iris",le="5.0"} 1"#))
        #expect(text.contains(#"augur_inference_seconds_count{model="iris"} 1"#))
        #expect(text.contains("augur_pending_requests 5"))
        #expect(text.contains("augur_consumer_lag 9"))
        #expect(text.contains(#"augur_model_loads_total{model="iris",outcome="ok"} 1"#))
        #expect(text.contains(#"augur_model_swaps_total{model="iris"} 1"#))
        #expect(text.contains(#"augur_model_active_version{model="iris"} 2"#))
    }

    @Test("bootstrapping twice returns the one registry the MetricsSystem reports to")
    func bootstrapIsIdempotent() {
        let first = MetricsBootstrap.prometheus()
        let second = MetricsBootstrap.prometheus()
        #expect(first === second)
        Counter(label: "augur_bootstrap_probe_total").increment()
        #expect(first.emitToString().contains("augur_bootstrap_probe_total 1"))
    }
}
