import Logging
import NIOCore
import Testing

@testable import AugurKafka

/// librdkafka itself, without a broker: settings, immediate produce errors and delivery reports.
@Suite("librdkafka clients without a broker")
struct KafkaClientTests {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("key=value options parse, values may hold '='")
    func optionParsing() {
        #expect(KafkaOption(parsing: "sasl.jaas.config=a=b") == KafkaOption(key: "sasl.jaas.config", value: "a=b"))
        #expect(KafkaOption(parsing: "linger.ms=") == KafkaOption(key: "linger.ms", value: ""))
        #expect(KafkaOption(parsing: "no-equals") == nil)
        #expect(KafkaOption(parsing: "=value") == nil)
    }

    @Test("an unknown librdkafka setting is refused, naming the key")
    func unknownSettingRefused() {
        let configuration = KafkaClientConfiguration(
            bootstrapServers: ["127.0.0.1:1"],
            options: [KafkaOption(key: "no.such.setting", value: "1")]
        )
        #expect {
            _ = try KafkaConsumerClient(
                settings: KafkaConsumerClient.settings(configuration: configuration, group: "g", clientID: "c"),
                callbacks: KafkaClientCallbacks(logger: logger)
            )
        } throws: { error in
            guard case KafkaError.configuration(let key, _) = error else { return false }
            return key == "no.such.setting"
        }
    }

    @Test("a message larger than message.max.bytes fails at once with MSG_SIZE_TOO_LARGE")
    func oversizedMessageFails() async throws {
        let configuration = KafkaClientConfiguration(
            bootstrapServers: ["127.0.0.1:1"],
            options: [KafkaOption(key: "message.max.bytes", value: "1000")]
        )
        let producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: configuration, clientID: "test"),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        let message = KafkaOutgoingMessage(
            topic: "t",
            key: ByteBuffer(string: "k"),
            value: ByteBuffer(repeating: 1, count: 5000),
            headers: [KafkaHeader("id", "k")]
        )
        let outcomes = await producer.send([message])
        await producer.shutdown(timeoutMilliseconds: 0)
        guard case .broker(_, _, let name, _)? = outcomes.first ?? nil else {
            Issue.record("expected a broker error, got \(outcomes)")
            return
        }
        #expect(name == "MSG_SIZE_TOO_LARGE")
    }

    @Test("every message gets a delivery report, a failure when no broker answers in time")
    func deliveryReportsWithoutBroker() async throws {
        let configuration = KafkaClientConfiguration(
            bootstrapServers: ["127.0.0.1:1"],
            options: [KafkaOption(key: "message.timeout.ms", value: "300")]
        )
        let producer = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: configuration, clientID: "test"),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        let messages = (0..<3).map {
            KafkaOutgoingMessage(topic: "t", key: ByteBuffer(string: "k\($0)"), value: nil, headers: [])
        }
        let outcomes = await producer.send(messages)
        await producer.shutdown(timeoutMilliseconds: 0)
        #expect(outcomes.count == 3)
        #expect(outcomes.allSatisfy { $0 != nil })
    }
}
