import CRdKafka
import NIOCore

/// A group member reading request records: cooperative-sticky assignment, no automatic commits (offsets are
/// committed by the caller once results are delivered). Every call here may block: the owner runs them on
/// one dedicated thread, never on the Swift concurrency pool.
final class KafkaConsumerClient: Sendable {
    private let handle: RdKafkaHandle

    /// Augur's consumer defaults; `KafkaClientConfiguration.options` come after them and win.
    static func settings(configuration: KafkaClientConfiguration, group: String, clientID: String) -> [KafkaOption] {
        [
            KafkaOption(key: "bootstrap.servers", value: configuration.bootstrapServers.joined(separator: ",")),
            KafkaOption(key: "group.id", value: group),
            KafkaOption(key: "client.id", value: clientID),
            KafkaOption(key: "partition.assignment.strategy", value: "cooperative-sticky"),
            // Offsets are committed only after every result of a batch is delivered.
            KafkaOption(key: "enable.auto.commit", value: "false"),
            KafkaOption(key: "enable.auto.offset.store", value: "false"),
            // A crashed daemon's partitions move to the others within 10 s (librdkafka's default is 45 s);
            // some brokers (Tansu) also hold a first JoinGroup for about half of it.
            KafkaOption(key: "session.timeout.ms", value: "10000"),
            // A new group starts at the oldest request: requests sent before the first daemon came up are answered.
            KafkaOption(key: "auto.offset.reset", value: "earliest"),
            // Kafka answers a waiting fetch as soon as records arrive, but some brokers (Tansu) hold it for the
            // whole wait: 10 ms bounds the latency that adds (librdkafka's 500 ms made it ~250 ms at the median),
            // at the price of up to 100 empty fetches a second while idle.
            KafkaOption(key: "fetch.wait.max.ms", value: "10"),
        ] + configuration.options
    }

    /// Settings of a reader that takes partitions by `assign` and never joins its group or commits (a client
    /// reading its reply topic); `KafkaClientConfiguration.options` come after them and win.
    static func readerSettings(configuration: KafkaClientConfiguration, clientID: String) -> [KafkaOption] {
        [
            KafkaOption(key: "bootstrap.servers", value: configuration.bootstrapServers.joined(separator: ",")),
            // librdkafka's consumer polls need a group id even when the group is never joined.
            KafkaOption(key: "group.id", value: clientID),
            KafkaOption(key: "client.id", value: clientID),
            KafkaOption(key: "enable.auto.commit", value: "false"),
            KafkaOption(key: "enable.auto.offset.store", value: "false"),
            // As for the daemon's consumer (see `settings`): a fetch waits 10 ms at most.
            KafkaOption(key: "fetch.wait.max.ms", value: "10"),
        ] + configuration.options
    }

    init(settings: [KafkaOption], callbacks: KafkaClientCallbacks) throws(KafkaError) {
        handle = try RdKafkaHandle(type: RD_KAFKA_CONSUMER, settings: settings, callbacks: callbacks)
        // Route the main queue (errors, logs, rebalances) through consumer polls.
        rd_kafka_poll_set_consumer(handle.pointer)
        let reset = settings.last { $0.key == "auto.offset.reset" }?.value ?? "latest"
        callbacks.uncommittedStartAtLowWatermark = ["earliest", "smallest", "beginning"].contains(reset)
    }

    /// The first fatal error librdkafka raised, if any.
    var fatalError: String? { handle.callbacks.fatalError }

    /// The logger, hooks and error throttle its callbacks use.
    var callbacks: KafkaClientCallbacks { handle.callbacks }

    /// Joins the group for `topics`.
    func subscribe(_ topics: [String]) throws(KafkaError) {
        guard let list = rd_kafka_topic_partition_list_new(Int32(topics.count)) else {
            throw .clientCreation("rd_kafka_topic_partition_list_new returned nothing")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for topic in topics { _ = rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA) }
        let code = rd_kafka_subscribe(handle.pointer, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(operation: "subscribing to \(topics)", code: code) }
    }

    /// Reads exactly `positions` (each partition from its offset), outside any group.
    func assign(_ positions: [KafkaPartitionOffset]) throws(KafkaError) {
        guard let list = rd_kafka_topic_partition_list_new(Int32(positions.count)) else {
            throw .clientCreation("rd_kafka_topic_partition_list_new returned nothing")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for position in positions {
            rd_kafka_topic_partition_list_add(list, position.topic, position.partition)?.pointee.offset = position.offset
        }
        let code = rd_kafka_assign(handle.pointer, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(operation: "assigning partitions", code: code) }
    }

    /// Blocks up to `timeoutMilliseconds` for a first record, then takes what is already fetched up to
    /// `maxRecords`, waiting at most `lingerMilliseconds` once for more. Consumer errors are returned beside
    /// the records (they do not end the batch).
    func poll(maxRecords: Int, timeoutMilliseconds: Int32, lingerMilliseconds: Int32) -> (records: [KafkaRecord], errors: [KafkaError]) {
        var records: [KafkaRecord] = []
        var errors: [KafkaError] = []
        var lingered = lingerMilliseconds <= 0
        var timeout = timeoutMilliseconds
        while records.count < maxRecords {
            guard let message = rd_kafka_consumer_poll(handle.pointer, timeout) else {
                if records.isEmpty || lingered { break }
                lingered = true
                timeout = lingerMilliseconds
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                if message.pointee.err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    errors.append(Self.error(message))
                }
            } else {
                records.append(Self.record(message))
            }
            // Once something arrived, only what is already fetched (or arrives within the linger) joins it.
            timeout = 0
            if records.isEmpty && !errors.isEmpty { break }
        }
        return (records, errors)
    }

    /// Fetches the partitions of `positions` again from those offsets (asynchronously: the next polls
    /// bring the records from there).
    func seek(_ positions: [KafkaPartitionOffset]) -> KafkaError? {
        guard !positions.isEmpty, let list = rd_kafka_topic_partition_list_new(Int32(positions.count)) else { return nil }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for position in positions {
            rd_kafka_topic_partition_list_add(list, position.topic, position.partition)?.pointee.offset = position.offset
        }
        guard let error = rd_kafka_seek_partitions(handle.pointer, list, 0) else { return nil }
        return KafkaError(operation: "fetching partitions again", consuming: error)
    }

    /// Stores `offsets` as the group's committed positions. `synchronously` blocks until the broker answers.
    func commit(_ offsets: [KafkaPartitionOffset], synchronously: Bool) -> KafkaError? {
        guard !offsets.isEmpty, let list = rd_kafka_topic_partition_list_new(Int32(offsets.count)) else { return nil }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for offset in offsets {
            rd_kafka_topic_partition_list_add(list, offset.topic, offset.partition)?.pointee.offset = offset.offset
        }
        let code = rd_kafka_commit(handle.pointer, list, synchronously ? 0 : 1)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { return KafkaError(operation: "committing offsets", code: code) }
        return nil
    }

    /// Destroys the librdkafka client (after `close()`), blocking until its threads stop; nothing may use
    /// this consumer afterwards.
    func destroy() {
        handle.destroy()
    }

    /// Leaves the group (revoking the assignment, which runs the rebalance callback) and stops fetching.
    func close() -> KafkaError? {
        let code = rd_kafka_consumer_close(handle.pointer)
        return code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(operation: "leaving the consumer group", code: code)
    }

    private static func error(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError {
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        var error = KafkaError(operation: "reading \(topic)", code: message.pointee.err)
        if let payload = message.pointee.payload, message.pointee.len > 0,
            case .broker(let operation, let code, let name, _) = error
        {
            let text = String(decoding: UnsafeRawBufferPointer(start: payload, count: message.pointee.len), as: UTF8.self)
            error = .broker(operation: operation, code: code, name: name, message: text)
        }
        return error
    }

    /// The record a polled message carries, copied out of librdkafka's buffers (the message may be destroyed after).
    static func record(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaRecord {
        let m = message.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                headers.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "", value: buffer(value, size)))
                index += 1
            }
        }
        return KafkaRecord(
            topic: m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: m.partition,
            offset: m.offset,
            timestampMilliseconds: timestamp >= 0 ? timestamp : nil,
            key: buffer(m.key, m.key_len),
            value: buffer(m.payload, m.len),
            headers: headers
        )
    }

    private static func buffer(_ pointer: UnsafeRawPointer?, _ count: Int) -> ByteBuffer? {
        guard let pointer else { return nil }
        return ByteBuffer(bytes: UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func buffer(_ pointer: UnsafeMutableRawPointer?, _ count: Int) -> ByteBuffer? {
        buffer(pointer.map { UnsafeRawPointer($0) }, count)
    }
}
