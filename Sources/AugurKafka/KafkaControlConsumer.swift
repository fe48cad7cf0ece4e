import CRdKafka
import NIOConcurrencyHelpers

/// Reads the control topic's one partition outside every consumer group: it places itself at the offset it
/// is asked for (`rd_kafka_assign`), never subscribes and never commits, so each daemon reads every entry.
/// Every call may block: the owner makes them one at a time on a dedicated thread.
final class KafkaControlConsumer: Sendable {
    let topic: String
    let handle: RdKafkaHandle
    /// The offset the next record will have, as far as this reader knows; nil before the first placement.
    private let next = NIOLockedValueBox<Int64?>(nil)

    /// Augur's settings for a control reader: those of any reader outside a group, starting at the oldest
    /// record left when offset 0 is gone (retention, compaction); `KafkaClientConfiguration.options` still win.
    static func settings(configuration: KafkaClientConfiguration, clientID: String) -> [KafkaOption] {
        [KafkaOption(key: "auto.offset.reset", value: "earliest")]
            + KafkaConsumerClient.readerSettings(configuration: configuration, clientID: "augur-control-\(clientID)")
    }

    init(topic: String, settings: [KafkaOption], callbacks: KafkaClientCallbacks) throws(KafkaError) {
        self.topic = topic
        handle = try RdKafkaHandle(type: RD_KAFKA_CONSUMER, settings: settings, callbacks: callbacks)
        rd_kafka_poll_set_consumer(handle.pointer)
    }

    /// The oldest offset the partition holds and the offset the next record appended will get.
    func watermarks(timeoutMilliseconds: Int32) throws(KafkaError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0
        var high: Int64 = 0
        let code = rd_kafka_query_watermark_offsets(handle.pointer, topic, 0, &low, &high, timeoutMilliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(operation: "reading the end of \(topic)", code: code) }
        return (low, high)
    }

    /// Makes the next poll return the record at `offset` (or the oldest after it), unless already there.
    func place(at offset: Int64) throws(KafkaError) {
        guard next.withLockedValue({ $0 }) != offset else { return }
        guard let list = rd_kafka_topic_partition_list_new(1) else {
            throw .clientCreation("rd_kafka_topic_partition_list_new returned nothing")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        rd_kafka_topic_partition_list_add(list, topic, 0)?.pointee.offset = offset
        let code = rd_kafka_assign(handle.pointer, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(operation: "assigning \(topic)[0]", code: code) }
        next.withLockedValue { $0 = offset }
    }

    /// The next record within `timeoutMilliseconds`, or the error the wait ended with (nil and nil: nothing).
    func poll(timeoutMilliseconds: Int32) -> (record: KafkaRecord?, error: KafkaError?) {
        guard let message = rd_kafka_consumer_poll(handle.pointer, timeoutMilliseconds) else { return (nil, nil) }
        defer { rd_kafka_message_destroy(message) }
        let m = message.pointee
        guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return (nil, nil) }
            return (nil, KafkaError(operation: "reading \(topic)", code: m.err))
        }
        next.withLockedValue { $0 = m.offset + 1 }
        return (KafkaConsumerClient.record(message), nil)
    }

    /// Stops fetching.
    func close() {
        _ = rd_kafka_consumer_close(handle.pointer)
    }
}
