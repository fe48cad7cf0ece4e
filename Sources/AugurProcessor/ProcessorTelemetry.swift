import AugurTelemetry
import NIOCore

/// Turns each delivered batch into metrics and inference log records: one record per request, failures
/// included, with the timestamps the message contract promises (enqueued, read, model start and end, written).
public struct ProcessorTelemetry: Sendable {
    /// Where the counters and histograms go; nil records none.
    public let metrics: ProcessorMetrics?
    /// Where the inference log records go; nil logs none.
    public let log: InferenceLog?
    /// This daemon's name in the log records (its consumer name).
    public let daemon: String

    /// Creates the observer.
    public init(metrics: ProcessorMetrics?, log: InferenceLog?, daemon: String) {
        self.metrics = metrics
        self.log = log
        self.daemon = daemon
    }

    /// Records `batch`. Cheap and non-blocking: the log only buffers.
    public func observe(_ batch: DeliveredBatch) {
        if let metrics { record(batch, into: metrics) }
        guard let log else { return }
        var records: [InferenceLogRecord] = []
        records.reserveCapacity(batch.results.count)
        for result in batch.results {
            var outputs: ByteBuffer?
            if case .outputs(let json) = result.outcome { outputs = ByteBuffer(bytes: json) }
            records.append(
                InferenceLogRecord(
                    id: result.id,
                    model: result.model,
                    version: result.version,
                    daemon: daemon,
                    enqueuedMicros: result.entryID.milliseconds &* 1000,
                    readMicros: batch.readMicros,
                    modelStartMicros: result.modelTime?.lowerBound,
                    modelEndMicros: result.modelTime?.upperBound,
                    writtenMicros: batch.writtenMicros,
                    outcome: result.error?.code.rawValue ?? "ok",
                    inputs: result.inputs,
                    outputs: outputs,
                    shadow: result.shadow
                ))
        }
        log.record(records)
    }

    private func record(_ batch: DeliveredBatch, into metrics: ProcessorMetrics) {
        // Requests that shared a model call carry the same call times: count them as one call's batch.
        var callSizes: [ClosedRange<UInt64>: Int] = [:]
        for result in batch.results {
            metrics.requestFinished(model: result.model, version: result.version, code: result.error?.code.rawValue ?? "ok")
            if let shadow = result.shadow {
                metrics.shadowScored(model: result.model, shadowVersion: shadow.version, agrees: shadow.agrees)
            }
            guard let time = result.modelTime else { continue }
            callSizes[time, default: 0] += 1
            let enqueued = result.entryID.milliseconds &* 1000
            metrics.latencies(
                model: result.model,
                queueWaitMicros: time.lowerBound > enqueued ? time.lowerBound - enqueued : 0,
                inferenceMicros: time.upperBound - time.lowerBound,
                endToEndMicros: batch.writtenMicros > enqueued ? batch.writtenMicros - enqueued : 0
            )
        }
        for size in callSizes.values { metrics.batchRan(size: size) }
    }
}
