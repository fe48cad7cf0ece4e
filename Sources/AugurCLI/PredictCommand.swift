import ArgumentParser
import AugurClient
import AugurRedisClient
import Foundation
import Logging

#if AUGUR_KAFKA
    import AugurKafka
#endif

/// `augur predict`: sends one prediction request through the broker and prints its result.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Sends one prediction request and prints its result.",
        discussion: """
            The request goes to the request stream with a reply stream of this command's own; an `augur serve` \
            daemon answers it. Prints the outputs (V2 outputs JSON), the version that computed them and the \
            latency, or the error code and message. Exits 1 on an error result or when no result arrives.
            With --kafka the request goes to the Kafka topic --kafka-topic and the result comes back on a topic \
            of this command's own (created, then deleted), or on --kafka-reply-topic.
            Example: augur predict --model iris --input '[5.1,3.5,1.4,0.2]'
            """
    )

    @OptionGroup var connection: ClientConnectionOptions

    @OptionGroup var kafka: KafkaConnectionOptions

    @OptionGroup var kafkaTopics: KafkaClientTopicOptions

    @Option(help: "The model to run.")
    var model: String

    @Option(help: "The inputs as JSON: the V2 inputs array, or for a single-input model one row of numbers or rows.")
    var input: String

    @Option(help: "The model version that must compute the result. Default: the active one.")
    var version: Int?

    @Option(help: "Seconds to wait for the result.")
    var timeout: Double = 30

    @Option(name: .customLong("deadline-ms"), help: "Milliseconds from now after which the daemon should not run it.")
    var deadlineMilliseconds: UInt64?

    @Flag(help: "Print the result as one line of JSON (id, model, version, outputs or error, latency_us).")
    var json = false

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        _ = try connection.address()
    }

    func run() async throws {
        CommandLogging.bootstrapStandardError(level: .warning)
        if kafka.brokers != nil { return try await runOverKafka() }
        var configuration = try connection.clientConfiguration(clientName: "augur-predict")
        configuration.timeout = .milliseconds(Int64(timeout * 1000))
        configuration.maxInFlight = 1
        try await connection.checkBroker(configuration)
        let client = AugurClient(configuration: configuration, logger: Logger(label: "augur.predict"))
        try await predictOnce(running: { await client.run() }) { (call) async throws(AugurClientError) -> PredictionReply in
            try await client.predict(call)
        }
    }

    /// Sends the request through a client whose `run()` is `run` (running only for this call) and prints what
    /// came back.
    private func predictOnce(
        running run: @escaping @Sendable () async -> Void,
        _ predict: (PredictionCall) async throws(AugurClientError) -> PredictionReply
    ) async throws {
        let call = self.call
        let started = ContinuousClock.now
        let outcome: Result<PredictionReply, AugurClientError> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await run() }
            defer { group.cancelAll() }
            do throws(AugurClientError) {
                return .success(try await predict(call))
            } catch {
                return .failure(error)
            }
        }
        try show(outcome, elapsed: ContinuousClock.now - started)
    }

    /// The request, with the deadline counted from now.
    private var call: PredictionCall {
        let deadline = deadlineMilliseconds.map { UInt64(Date().timeIntervalSince1970 * 1000) + $0 }
        return PredictionCall(model: model, version: version, inputs: input, deadlineMilliseconds: deadline)
    }

    /// `augur predict --kafka`: the same request and output over Kafka.
    private func runOverKafka() async throws {
        #if AUGUR_KAFKA
            guard let kafkaConfiguration = kafka.configuration else { return }
            var configuration = kafkaTopics.clientConfiguration(kafka: kafkaConfiguration)
            configuration.timeout = .milliseconds(Int64(timeout * 1000))
            configuration.adminTimeout = min(configuration.adminTimeout, configuration.timeout)
            configuration.maxInFlight = 1
            let client = try KafkaPredictionClient(configuration: configuration, logger: Logger(label: "augur.predict"))
            try await kafkaTopics.start(client, brokers: kafka.brokers ?? "")
            try await predictOnce(running: { await client.run() }) { (call) async throws(AugurClientError) -> PredictionReply in
                try await client.predict(call)
            }
        #else
            throw ValidationError("this augur was built without the Kafka transport (see --kafka)")
        #endif
    }

    /// Prints the result; throws exit code 1 on an error result or no result.
    private func show(_ outcome: Result<PredictionReply, AugurClientError>, elapsed: Duration) throws {
        switch outcome {
        case .failure(let error):
            print("error: \(error)")
            throw ExitCode(1)
        case .success(let reply):
            print(json ? ReplyPrinting.json(reply) : ReplyPrinting.text(reply, elapsed: elapsed))
            if reply.error != nil { throw ExitCode(1) }
        }
    }
}

/// How `augur predict` shows a result.
enum ReplyPrinting {
    static func text(_ reply: PredictionReply, elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        var lines: [String] = []
        if let error = reply.error {
            lines.append("error \(error.code): \(error.message)")
        } else {
            lines.append("outputs \(reply.outputs ?? "[]")")
        }
        var facts = ["model \(reply.model)"]
        if let version = reply.version { facts.append("version \(version)") }
        facts.append("round trip " + LoadReport.decimalText(milliseconds, places: 3) + " ms")
        if let latency = reply.latencyMicros {
            facts.append("daemon latency " + LoadReport.decimalText(Double(latency) / 1000, places: 3) + " ms")
        }
        lines.append(facts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    static func json(_ reply: PredictionReply) -> String {
        var fields = ["\"id\":" + quoted(reply.id), "\"model\":" + quoted(reply.model)]
        if let version = reply.version { fields.append("\"version\":\(version)") }
        if let outputs = reply.outputs { fields.append("\"outputs\":" + outputs) }
        if let error = reply.error {
            fields.append("\"error\":{\"code\":" + quoted(error.code) + ",\"message\":" + quoted(error.message) + "}")
        }
        if let latency = reply.latencyMicros { fields.append("\"latency_us\":\(latency)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The broker options `augur predict` and `augur load` share.
struct ClientConnectionOptions: ParsableArguments {
    @Option(help: "The broker, redis://HOST:PORT.")
    var broker = "redis://127.0.0.1:6399"

    @Option(help: "Password for the broker.")
    var password: String?

    @Option(name: .customLong("request-stream"), help: "Stream the daemons read requests from.")
    var requestStream = "augur:requests"

    func address() throws -> BrokerAddress { try BrokerAddress(parsing: broker) }

    /// Connects once (with the handshake) so an unreachable broker or a wrong password fails at once with
    /// the reason, rather than as requests that time out.
    func checkBroker(_ configuration: AugurClient.Configuration) async throws {
        do {
            let connection = try await RedisConnection.connect(configuration: configuration.connection)
            connection.abort()
        } catch {
            throw BrokerUnavailable(broker: broker, reason: "\(error)")
        }
    }

    /// A client configuration for these options; `clientName` shows in CLIENT LIST.
    func clientConfiguration(clientName: String) throws -> AugurClient.Configuration {
        let address = try address()
        return AugurClient.Configuration(
            connection: RedisConnection.Configuration(
                host: address.host,
                port: address.port,
                password: password,
                clientName: clientName
            ),
            requestStream: requestStream
        )
    }
}

/// The Kafka topics `augur predict --kafka` and `augur load --kafka` use.
struct KafkaClientTopicOptions: ParsableArguments {
    @Option(name: .customLong("kafka-topic"), help: "With --kafka: the topic daemons read requests from.")
    var requestTopic = "augur.requests"

    @Option(
        name: .customLong("kafka-reply-topic"),
        help: "With --kafka: an existing topic to read results from. Default: a topic of this command's own, created and then deleted."
    )
    var replyTopic: String?

    #if AUGUR_KAFKA
        /// A client configuration for these topics over `kafka`.
        func clientConfiguration(kafka: KafkaClientConfiguration) -> KafkaPredictionClient.Configuration {
            KafkaPredictionClient.Configuration(kafka: kafka, requestTopic: requestTopic, replyTopic: replyTopic)
        }

        /// Starts `client`, so unreachable brokers or a refused reply topic fail at once with the reason.
        func start(_ client: KafkaPredictionClient, brokers: String) async throws {
            do {
                try await client.start()
            } catch {
                throw BrokerUnavailable(broker: brokers, reason: "\(error)")
            }
        }
    #endif
}

/// The broker `augur predict` or `augur load` was pointed at cannot be used.
struct BrokerUnavailable: Error, CustomStringConvertible {
    var broker: String
    var reason: String

    var description: String { "cannot use the broker \(broker): \(reason)" }
}
