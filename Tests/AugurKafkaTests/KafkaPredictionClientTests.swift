import AugurClient
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import AugurKafka

/// The Kafka prediction client's behaviour that needs no broker.
@Suite("Kafka prediction client without a broker")
struct KafkaPredictionClientTests {
    private func client(replyTopic: String? = nil, adminTimeout: Duration = .seconds(10)) throws -> KafkaPredictionClient {
        try KafkaPredictionClient(
            configuration: .init(
                kafka: KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"]),
                replyTopic: replyTopic,
                adminTimeout: adminTimeout
            )
        )
    }

    @Test("without a reply topic, each client gets one of its own named augur.replies.<random>")
    func ownReplyTopic() throws {
        let first = try client()
        let second = try client()
        #expect(first.replyTopic.hasPrefix("augur.replies."))
        #expect(first.replyTopic != second.replyTopic)
    }

    @Test("a named reply topic is used as given")
    func namedReplyTopic() throws {
        #expect(try client(replyTopic: "shared.replies").replyTopic == "shared.replies")
    }

    @Test("a batch sent before start() is refused and its handler never called")
    func sendBeforeStartRefused() async throws {
        let calls = NIOLockedValueBox(0)
        await #expect(throws: AugurClientError.notRunning) {
            try await client().send([PredictionCall(model: "iris", inputs: "[1]")]) { _, _ in calls.withLockedValue { $0 += 1 } }
        }
        #expect(calls.withLockedValue { $0 } == 0)
    }

    @Test("start() fails, naming the request, when no broker answers")
    func startFailsWithoutBroker() async throws {
        let client = try client(adminTimeout: .milliseconds(300))
        await #expect(throws: KafkaError.self) { try await client.start() }
    }

    @Test("librdkafka refuses an unknown setting when the client is created")
    func unknownSettingRefused() {
        #expect(throws: KafkaError.self) {
            _ = try KafkaPredictionClient(
                configuration: .init(
                    kafka: KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"], options: [KafkaOption(key: "no.such", value: "1")])
                )
            )
        }
    }
}
