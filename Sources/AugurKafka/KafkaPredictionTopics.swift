import CRdKafka

/// The admin requests a prediction client makes through its producer's librdkafka handle beside those of
/// `KafkaControlTopic` (partition count, creation): the end offsets of a topic, and deleting its own reply
/// topic. Every call blocks up to `timeoutMilliseconds`; callers run them off the Swift concurrency pool.
enum KafkaPredictionTopics {
    /// The offset the next record of each partition of `topic` will get (its high watermark).
    static func endOffsets(of topic: String, partitions: [Int32], on handle: RdKafkaHandle, timeoutMilliseconds: Int32)
        throws(KafkaError) -> [KafkaPartitionOffset]
    {
        var ends: [KafkaPartitionOffset] = []
        for partition in partitions {
            var low: Int64 = 0
            var high: Int64 = 0
            let code = rd_kafka_query_watermark_offsets(handle.pointer, topic, partition, &low, &high, timeoutMilliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: "reading the end offset of \(topic)[\(partition)]", code: code)
            }
            ends.append(KafkaPartitionOffset(topic: topic, partition: partition, offset: high))
        }
        return ends
    }

    /// Deletes `topic`.
    static func delete(_ topic: String, on handle: RdKafkaHandle, timeoutMilliseconds: Int32) throws(KafkaError) {
        guard let deleteTopic = rd_kafka_DeleteTopic_new(topic) else {
            throw .clientCreation("cannot describe the topic \(topic) for deletion")
        }
        defer { rd_kafka_DeleteTopic_destroy(deleteTopic) }
        var topics: [OpaquePointer?] = [deleteTopic]
        let code = try adminRequest(on: handle, timeoutMilliseconds: timeoutMilliseconds, operation: "deleting \(topic)") { queue in
            rd_kafka_DeleteTopics(handle.pointer, &topics, 1, nil, queue)
        } result: { event in
            var count = 0
            guard let result = rd_kafka_event_DeleteTopics_result(event),
                let entries = rd_kafka_DeleteTopics_result_topics(result, &count), count == 1, let entry = entries[0]
            else { return RD_KAFKA_RESP_ERR__FAIL }
            return rd_kafka_topic_result_error(entry)
        }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(operation: "deleting \(topic)", code: code) }
    }

    /// Starts an admin request on a queue of its own, waits for its result event and returns the per-topic
    /// error that `result` reads from it (the request's own error when it failed as a whole).
    private static func adminRequest(
        on handle: RdKafkaHandle,
        timeoutMilliseconds: Int32,
        operation: String,
        start: (OpaquePointer) -> Void,
        result: (OpaquePointer) -> rd_kafka_resp_err_t
    ) throws(KafkaError) -> rd_kafka_resp_err_t {
        guard let queue = rd_kafka_queue_new(handle.pointer) else { throw .clientCreation("rd_kafka_queue_new returned nothing") }
        defer { rd_kafka_queue_destroy(queue) }
        start(queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds) else {
            throw KafkaError(operation: operation, code: RD_KAFKA_RESP_ERR__TIMED_OUT)
        }
        defer { rd_kafka_event_destroy(event) }
        let code = rd_kafka_event_error(event)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return code }
        return result(event)
    }
}
