import Logging
import Testing

@testable import AugurKafka

/// Destroying librdkafka clients explicitly, before the process may exit.
@Suite("librdkafka client lifecycle")
struct KafkaClientLifecycleTests {
    private let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    private let configuration = KafkaClientConfiguration(bootstrapServers: ["127.0.0.1:1"])

    @Test("a producer destroyed explicitly is not destroyed again when released (a second destroy would crash)")
    func producerDestroyedOnce() async throws {
        var producer: KafkaProducerClient? = try KafkaProducerClient(
            settings: KafkaProducerClient.settings(configuration: configuration, clientID: "test"),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        await producer?.shutdown(timeoutMilliseconds: 0)
        producer?.destroy()
        producer?.destroy()
        producer = nil
    }

    @Test("a consumer destroyed explicitly is not destroyed again when released")
    func consumerDestroyedOnce() throws {
        var consumer: KafkaConsumerClient? = try KafkaConsumerClient(
            settings: KafkaConsumerClient.settings(configuration: configuration, group: "g", clientID: "c"),
            callbacks: KafkaClientCallbacks(logger: logger)
        )
        _ = consumer?.close()
        consumer?.destroy()
        consumer = nil
    }

    @Test("a consumer whose reset policy is earliest starts unpositioned partitions at the low watermark")
    func earliestResetPositions() throws {
        let callbacks = KafkaClientCallbacks(logger: logger)
        _ = try KafkaConsumerClient(
            settings: KafkaConsumerClient.settings(configuration: configuration, group: "g", clientID: "c"),
            callbacks: callbacks
        )
        #expect(callbacks.uncommittedStartAtLowWatermark)
    }

    @Test("a consumer reset to latest by an option leaves unpositioned partitions unknown")
    func latestResetLeavesUnknown() throws {
        let callbacks = KafkaClientCallbacks(logger: logger)
        let options = KafkaClientConfiguration(
            bootstrapServers: ["127.0.0.1:1"],
            options: [KafkaOption(key: "auto.offset.reset", value: "latest")]
        )
        _ = try KafkaConsumerClient(
            settings: KafkaConsumerClient.settings(configuration: options, group: "g", clientID: "c"),
            callbacks: callbacks
        )
        #expect(!callbacks.uncommittedStartAtLowWatermark)
    }
}
