import CRdKafka

/// The two admin calls the control channel needs: how many partitions a topic has, and creating one.
/// Both block up to their timeout: call them on a thread that may block.
extension RdKafkaHandle {
    /// The number of partitions of `topic`; nil when the broker does not know the topic.
    func partitionCount(of topic: String, timeoutMilliseconds: Int32) throws(KafkaError) -> Int? {
        guard let handle = rd_kafka_topic_new(pointer, topic, nil) else {
            throw .clientCreation("rd_kafka_topic_new returned nothing for \(topic)")
        }
        defer { rd_kafka_topic_destroy(handle) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(pointer, 0, handle, &metadata, timeoutMilliseconds)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(operation: "reading the metadata of \(topic)", code: code)
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0, let topics = metadata.pointee.topics else { return nil }
        let entry = topics[0]
        switch entry.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR: return Int(entry.partition_cnt)
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC: return nil
        default: throw KafkaError(operation: "reading the metadata of \(topic)", code: entry.err)
        }
    }

    /// Creates `topic` with `partitions` partitions, the broker's default replication factor and `configs`;
    /// a topic that already exists (another daemon was first) is not an error.
    func createTopic(
        _ topic: String,
        partitions: Int32,
        configs: [(key: String, value: String)],
        timeoutMilliseconds: Int32
    ) throws(KafkaError) {
        var error = [CChar](repeating: 0, count: 512)
        guard let newTopic = rd_kafka_NewTopic_new(topic, partitions, -1, &error, error.count) else {
            throw .clientCreation(String(errorBuffer: error))
        }
        defer { rd_kafka_NewTopic_destroy(newTopic) }
        for config in configs { _ = rd_kafka_NewTopic_set_config(newTopic, config.key, config.value) }
        guard let queue = rd_kafka_queue_new(pointer) else { throw .clientCreation("rd_kafka_queue_new returned nothing") }
        defer { rd_kafka_queue_destroy(queue) }
        let options = rd_kafka_AdminOptions_new(pointer, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMilliseconds, &error, error.count)
        var topics: [OpaquePointer?] = [newTopic]
        rd_kafka_CreateTopics(pointer, &topics, 1, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds + 1000) else {
            throw .broker(
                operation: "creating topic \(topic)",
                code: RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue,
                name: "_TIMED_OUT",
                message: "no answer"
            )
        }
        defer { rd_kafka_event_destroy(event) }
        let code = rd_kafka_event_error(event)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let message = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            throw .broker(
                operation: "creating topic \(topic)",
                code: code.rawValue,
                name: String(cString: rd_kafka_err2name(code)),
                message: message
            )
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else { return }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count), count > 0, let first = results[0] else { return }
        let topicCode = rd_kafka_topic_result_error(first)
        guard topicCode != RD_KAFKA_RESP_ERR_NO_ERROR, topicCode != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { return }
        throw .broker(
            operation: "creating topic \(topic)",
            code: topicCode.rawValue,
            name: String(cString: rd_kafka_err2name(topicCode)),
            message: rd_kafka_topic_result_error_string(first).map { String(cString: $0) } ?? ""
        )
    }
}
