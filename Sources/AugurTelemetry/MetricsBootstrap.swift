import CoreMetrics
import NIOConcurrencyHelpers
import Prometheus

/// Sets up swift-metrics to report to Prometheus, once per process.
public enum MetricsBootstrap {
    private static let registry = NIOLockedValueBox<PrometheusCollectorRegistry?>(nil)

    /// Latency histogram buckets: 50 µs to 5 s, roughly 1-2.5-5 per decade.
    public static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5),
    ]

    /// Batch size histogram buckets: powers of two from 1 to 1024.
    public static let batchSizeBuckets: [Double] = (0...10).map { Double(1 << $0) }

    /// Bootstraps `MetricsSystem` with a Prometheus factory on a new registry the first time, and returns
    /// that registry every time.
    public static func prometheus() -> PrometheusCollectorRegistry {
        registry.withLockedValue { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(factory(registry: created))
            registry = created
            return created
        }
    }

    /// A Prometheus factory on `registry` with the Augur histogram buckets, without bootstrapping anything.
    public static func factory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = latencyBuckets
        factory.defaultValueHistogramBuckets = batchSizeBuckets
        factory.valueHistogramBuckets["augur_batch_size"] = batchSizeBuckets
        for label in ["augur_queue_wait_seconds", "augur_inference_seconds", "augur_end_to_end_seconds"] {
            factory.durationHistogramBuckets[label] = latencyBuckets
        }
        return factory
    }
}
