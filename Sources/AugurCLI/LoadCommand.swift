import ArgumentParser
import AugurClient
import AugurModels
import Foundation
import Logging
import NIOCore

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// `augur load`: a load generator for the whole pipeline (broker + daemons), measuring throughput and latency.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Sends prediction requests at a rate or as fast as they are answered; prints throughput and latency.",
        discussion: """
            Open loop with --rate R: request i is due at start + i/R and its latency counts from then, so a \
            backlog shows as latency. Closed loop with --rate 0 (the default): a new request goes out whenever \
            fewer than --concurrency are in flight. Latency is client-side, from scheduling (or sending) to the \
            result arriving. Requests of the --warmup period are sent but not counted. Stops after --duration \
            seconds or --requests requests (whichever comes first), then waits for the results in flight. \
            Exits 1 when no request was answered (the first failure is printed on standard error).
            --json prints one line: {"sent","answered","errors","duplicates","seconds","throughput",\
            "p50_ms","p90_ms","p99_ms","max_ms"}.
            With --kafka the requests go to the Kafka topic --kafka-topic and the results come back on a topic \
            of this command's own (created, then deleted), or on --kafka-reply-topic.
            Example: augur load --model iris --features 4 --rate 5000 --duration 10
            """
    )

    @OptionGroup var connection: ClientConnectionOptions

    @OptionGroup var kafka: KafkaConnectionOptions

    @OptionGroup var kafkaTopics: KafkaClientTopicOptions

    @Option(help: "The model to run.")
    var model: String

    @Option(help: "The model version that must compute the results. Default: the active one.")
    var version: Int?

    @Option(help: "The inputs of every request, as JSON (see augur predict).")
    var input: String?

    @Option(help: "Send one row of this many random numbers per request instead of --input (a pool of 1,000 rows).")
    var features: Int?

    @Option(help: "Requests per second, scheduled by time (0: as fast as results come back).")
    var rate: Double = 0

    @Option(help: "Seconds to send after the warm-up. Default 10 unless --requests is given.")
    var duration: Double?

    @Option(help: "Requests to send after the warm-up.")
    var requests: Int?

    @Option(help: "Most requests in flight at once.")
    var concurrency = 1000

    @Option(help: "Seconds of sending before measuring starts.")
    var warmup: Double = 0

    @Option(help: "Seconds a request may wait for its result before it counts as an error.")
    var timeout: Double = 30

    @Option(name: .customLong("max-batch"), help: "Most requests written to the broker (or produced to Kafka) in one go.")
    var maxBatch = 256

    @Flag(help: "Print the report as one line of JSON.")
    var json = false

    func validate() throws {
        _ = try connection.address()
        guard (input == nil) != (features == nil) else { throw ValidationError("give exactly one of --input and --features") }
        if let features, features < 1 { throw ValidationError("--features must be at least 1") }
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be 0 (maximum) or a positive number") }
        if let duration, !(duration > 0) { throw ValidationError("--duration must be positive") }
        if let requests, requests < 1 { throw ValidationError("--requests must be at least 1") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard warmup >= 0, timeout > 0, maxBatch >= 1 else {
            throw ValidationError("--warmup cannot be negative; --timeout and --max-batch must be positive")
        }
    }

    func run() async throws {
        CommandLogging.bootstrapStandardError(level: .warning)
        let report: LoadReport
        if kafka.brokers != nil {
            report = try await runOverKafka()
        } else {
            var configuration = try connection.clientConfiguration(clientName: "augur-load")
            configuration.timeout = Self.duration(seconds: timeout)
            configuration.maxInFlight = concurrency
            try await connection.checkBroker(configuration)
            let client = AugurClient(configuration: configuration, logger: Logger(label: "augur.load"))
            let plan = self.plan
            report = await withTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return await LoadGenerator.run(plan, client: client)
            }
        }
        print(json ? report.json : Self.text(report))
        if let failure = report.firstFailure {
            FileHandle.standardError.write(Data("first request without a result: \(failure)\n".utf8))
        }
        // Nothing answered at all is a broken setup, not a measurement.
        if report.sent > 0 && report.answered == 0 { throw ExitCode(1) }
    }

    /// `augur load --kafka`: the same plan through a Kafka prediction client.
    private func runOverKafka() async throws -> LoadReport {
        #if AUGUR_KAFKA
            guard let kafkaConfiguration = kafka.configuration else { throw ValidationError("--kafka needs HOST:PORT") }
            var configuration = kafkaTopics.clientConfiguration(kafka: kafkaConfiguration)
            configuration.timeout = Self.duration(seconds: timeout)
            configuration.maxInFlight = concurrency
            let client = try KafkaPredictionClient(configuration: configuration, logger: Logger(label: "augur.load"))
            try await kafkaTopics.start(client, brokers: kafka.brokers ?? "")
            let plan = self.plan
            return await withTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return await LoadGenerator.run(plan, client: client)
            }
        #else
            throw ValidationError("this augur was built without the Kafka transport (see --kafka)")
        #endif
    }

    /// What to send, from the options.
    private var plan: LoadPlan {
        LoadPlan(
            calls: makeCalls(),
            rate: rate,
            duration: duration.map(Self.duration(seconds:)) ?? (requests == nil ? .seconds(10) : nil),
            requests: requests,
            concurrency: concurrency,
            warmup: Self.duration(seconds: warmup),
            maxBatch: maxBatch
        )
    }

    /// The request pool: the one --input, or 1,000 random rows of --features numbers rendered once.
    func makeCalls() -> [PredictionCall] {
        let modelName = ByteBuffer(string: model)
        if let input {
            return [PredictionCall(model: modelName, version: version, inputs: ByteBuffer(string: input))]
        }
        var generator = SplitMix64(seed: 0x5EED)
        return (0..<1000).map { _ in
            var row = "["
            for column in 0..<(features ?? 1) {
                if column > 0 { row += "," }
                // Four decimals in [-2, 2): short to send, cheap to parse, never NaN.
                let value = Int(generator.next() % 40_000) - 20_000
                row += LoadReport.decimalText(Double(value) / 10_000, places: 4)
            }
            row += "]"
            return PredictionCall(model: modelName, version: version, inputs: ByteBuffer(string: row))
        }
    }

    static func text(_ report: LoadReport) -> String {
        func ms(_ value: Double) -> String { LoadReport.decimalText(value, places: 3) }
        return """
            sent \(report.sent), answered \(report.answered), errors \(report.errors) \
            (\(report.unanswered) without result), duplicates \(report.duplicates), in \(ms(report.seconds)) s
            throughput \(LoadReport.decimalText(report.throughput, places: 1)) predictions/s
            latency ms: p50 \(ms(report.p50Milliseconds))  p90 \(ms(report.p90Milliseconds))  \
            p99 \(ms(report.p99Milliseconds))  max \(ms(report.maxMilliseconds))
            """
    }

    static func duration(seconds: Double) -> Duration { .nanoseconds(Int64((seconds * 1e9).rounded())) }
}
