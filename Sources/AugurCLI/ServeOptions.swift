import ArgumentParser
import AugurProcessor
import AugurTelemetry

/// `augur serve`'s stream, group and batching flags.
struct ProcessingOptions: ParsableArguments {
    @Option(help: "Consumer group every instance joins.")
    var group = "augur"

    @Option(help: "This instance's consumer name, unique in the group. Default <host>-<pid>-<random>.")
    var consumer: String?

    @Option(name: .customLong("input-stream"), help: "Stream the requests arrive on.")
    var inputStream = "augur:requests"

    @Option(name: .customLong("result-stream"), help: "Stream results go to when a request names no reply_to.")
    var resultStream = "augur:results"

    @Option(name: .customLong("dead-letter-stream"), help: "Stream of requests delivered --max-deliveries times.")
    var deadLetterStream = "augur:dead"

    @Option(name: .customLong("control-stream"), help: "Stream of operator commands and daemon reports.")
    var controlStream = "augur:control"

    @Option(name: .customLong("max-batch"), help: "Most requests read and run together.")
    var maxBatch = 128

    @Option(name: .customLong("max-wait-us"), help: "Microseconds a read of fewer than max-batch/8 requests waits for more.")
    var maxWaitMicroseconds = 500

    @Option(name: .customLong("in-flight"), help: "Batches in flight at once; reading pauses when all are busy.")
    var inFlightBatches = 8

    @Option(name: .customLong("workers"), help: "Threads that decode, run and encode batches. Default: CPU cores.")
    var workers: Int?

    @Option(name: .customLong("claim-idle-ms"), help: "Milliseconds before another consumer's pending request is claimed.")
    var claimIdleMilliseconds = 30_000

    @Option(name: .customLong("max-deliveries"), help: "Deliveries before a request is dead-lettered.")
    var maxDeliveries = 5

    @Flag(name: .customLong("allow-nan"), help: "Let null (missing) float inputs reach the model as NaN instead of failing with nan_input.")
    var allowNaN = false

    @Flag(name: .customLong("keep-requests"), help: "Keep answered requests in the request stream (by default entries every group has acknowledged are trimmed).")
    var keepRequests = false

    func validate() throws {
        guard maxBatch >= 1, inFlightBatches >= 1 else { throw ValidationError("--max-batch and --in-flight must be at least 1") }
        guard maxWaitMicroseconds >= 0, claimIdleMilliseconds >= 0 else {
            throw ValidationError("--max-wait-us and --claim-idle-ms cannot be negative")
        }
        guard maxDeliveries >= 1 else { throw ValidationError("--max-deliveries must be at least 1") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    /// The processor configuration these flags describe.
    var configuration: ProcessorConfiguration {
        var configuration = ProcessorConfiguration(
            requestStream: inputStream,
            resultStream: resultStream,
            deadLetterStream: deadLetterStream,
            controlStream: controlStream,
            group: group,
            maxBatch: maxBatch,
            maxWaitMicroseconds: maxWaitMicroseconds,
            claimIdleMilliseconds: claimIdleMilliseconds,
            maxDeliveries: maxDeliveries,
            inFlightBatches: inFlightBatches,
            allowNaN: allowNaN,
            trimRequests: !keepRequests
        )
        if let workers { configuration.workerThreads = workers }
        if let consumer { configuration.consumerName = consumer }
        return configuration
    }
}

/// `augur serve`'s metrics and inference log flags.
struct TelemetryOptions: ParsableArguments {
    @Option(name: .customLong("metrics-port"), help: "Port of the HTTP endpoint with /metrics, /healthz and /readyz. Default: none.")
    var metricsPort: Int?

    @Option(name: .customLong("metrics-host"), help: "Address the metrics endpoint listens on.")
    var metricsHost = "0.0.0.0"

    @Option(name: .customLong("inference-log"), help: "What the inference log keeps of inputs and outputs: full, hash or none.")
    var payloadMode = "full"

    @Option(name: .customLong("log-stream"), help: "Stream of inference log records; \"\" for none.")
    var logStream = "augur:log"

    @Option(name: .customLong("log-stream-max-length"), help: "Approximate length the log stream is trimmed to.")
    var logStreamMaxLength = 100_000

    @Option(name: .customLong("log-file"), help: "JSON-lines file of inference log records, rotated by size. Default: none.")
    var logFile: String?

    @Option(name: .customLong("log-file-max-mb"), help: "Size in MiB at which the log file is rotated.")
    var logFileMaxMegabytes = 64

    @Option(name: .customLong("log-file-keep"), help: "Rotated log files kept (FILE.1 … FILE.N).")
    var logFileKeep = 5

    @Option(name: .customLong("log-buffer"), help: "Log records held while the sinks are slow; more are dropped and counted.")
    var logBuffer = 65_536

    @Flag(name: .customLong("monitor"), help: "Also watch this daemon's own requests for drift and publish alerts (as augur monitor does).")
    var monitor = false

    @Option(name: .customLong("monitor-window"), help: "With --monitor: judged records per drift window, per model version.")
    var monitorWindow = 1000

    @Option(name: .customLong("monitor-sample"), help: "With --monitor: percent (1…100) of the requests judged, evenly spread.")
    var monitorSample = 5

    @Option(name: .customLong("alerts-stream"), help: "With --monitor: the stream drift alerts go to.")
    var alertsStream = "augur:alerts"

    func validate() throws {
        guard InferencePayloadMode(rawValue: payloadMode) != nil else {
            throw ValidationError("--inference-log must be full, hash or none")
        }
        if let metricsPort, !(0...65535).contains(metricsPort) { throw ValidationError("--metrics-port must be 0…65535") }
        guard monitorWindow >= 1 else { throw ValidationError("--monitor-window must be at least 1 record") }
        guard (1...100).contains(monitorSample) else { throw ValidationError("--monitor-sample must be 1…100 percent") }
        guard logStreamMaxLength >= 1, logFileMaxMegabytes >= 1, logFileKeep >= 0, logBuffer >= 1 else {
            throw ValidationError("--log-stream-max-length, --log-file-max-mb and --log-buffer must be at least 1")
        }
    }

    /// The inference log these flags describe; nil when neither a stream nor a file is asked for.
    var inferenceLog: InferenceLogConfiguration? {
        let stream = logStream.isEmpty ? nil : logStream
        guard stream != nil || logFile != nil else { return nil }
        return InferenceLogConfiguration(
            mode: InferencePayloadMode(rawValue: payloadMode) ?? .full,
            stream: stream,
            streamMaxLength: logStreamMaxLength,
            filePath: logFile,
            fileMaxBytes: logFileMaxMegabytes * 1024 * 1024,
            fileKeep: logFileKeep,
            bufferCapacity: logBuffer
        )
    }
}
