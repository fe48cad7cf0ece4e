import CRdKafka
import Logging
import NIOConcurrencyHelpers

/// What librdkafka's callbacks reach through the client's opaque pointer: the logger, the rebalance hooks
/// and the first fatal error. Callbacks run on librdkafka's threads or the polling thread, hence `Sendable`.
final class KafkaClientCallbacks: Sendable {
    let logger: Logger
    /// Called on the polling thread with the partitions assigned to this consumer.
    let onAssign: @Sendable ([(topic: String, partition: Int32)]) -> Void
    /// Called on the polling thread with the partitions taken away, before they are unassigned.
    let onRevoke: @Sendable ([(topic: String, partition: Int32)], _ lost: Bool) -> Void
    private let fatal = NIOLockedValueBox<String?>(nil)
    private let starts = NIOLockedValueBox<[KafkaPartitionOffset]>([])
    private let startAtLowWatermark = NIOLockedValueBox(false)
    private let lastLogged = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])

    init(
        logger: Logger,
        onAssign: @escaping @Sendable ([(topic: String, partition: Int32)]) -> Void = { _ in },
        onRevoke: @escaping @Sendable ([(topic: String, partition: Int32)], _ lost: Bool) -> Void = { _, _ in }
    ) {
        self.logger = logger
        self.onAssign = onAssign
        self.onRevoke = onRevoke
    }

    /// The first fatal error librdkafka raised (the client is unusable after it), if any.
    var fatalError: String? { fatal.withLockedValue { $0 } }

    /// Whether an error of kind `key` should be logged now (at most once every 10 s per kind).
    func due(_ key: String) -> Bool {
        let now = ContinuousClock.now
        return lastLogged.withLockedValue { last in
            if let previous = last[key], now - previous < .seconds(10) { return false }
            last[key] = now
            return true
        }
    }

    /// Whether a partition assigned without a committed offset starts at its low watermark (the consumer's
    /// `auto.offset.reset` is earliest); otherwise its start is not known in advance.
    var uncommittedStartAtLowWatermark: Bool {
        get { startAtLowWatermark.withLockedValue { $0 } }
        set { startAtLowWatermark.withLockedValue { $0 = newValue } }
    }

    /// Where reading the partitions assigned since the last call starts, where known (see `OffsetTracker.start`).
    func takeAssignedStarts() -> [KafkaPartitionOffset] {
        starts.withLockedValue { starts in
            defer { starts = [] }
            return starts
        }
    }

    /// Looks up where reading `partitions` starts: the group's committed offsets, else the low watermark when
    /// the reset policy starts there. Runs in the rebalance callback on the polling thread (it blocks for
    /// the lookups, as a rebalance does anyway).
    private func recordStarts(_ rk: OpaquePointer, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        guard let copy = rd_kafka_topic_partition_list_copy(partitions) else { return }
        defer { rd_kafka_topic_partition_list_destroy(copy) }
        guard rd_kafka_committed(rk, copy, 10_000) == RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        let atLowWatermark = uncommittedStartAtLowWatermark
        var found: [KafkaPartitionOffset] = []
        for index in 0..<Int(copy.pointee.cnt) {
            let element = copy.pointee.elems[index]
            let topic = String(cString: element.topic)
            if element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0 {
                found.append(KafkaPartitionOffset(topic: topic, partition: element.partition, offset: element.offset))
            } else if atLowWatermark {
                var low: Int64 = 0
                var high: Int64 = 0
                if rd_kafka_query_watermark_offsets(rk, element.topic, element.partition, &low, &high, 10_000) == RD_KAFKA_RESP_ERR_NO_ERROR {
                    found.append(KafkaPartitionOffset(topic: topic, partition: element.partition, offset: low))
                }
            }
        }
        starts.withLockedValue { $0 += found }
    }

    func recordFatal(_ message: String) {
        fatal.withLockedValue { if $0 == nil { $0 = message } }
    }

    /// Installs the log, error and (for consumers) rebalance and commit callbacks on `conf`, with `self` as opaque.
    /// The caller keeps `self` alive until the client is destroyed.
    func install(on conf: OpaquePointer, consumer: Bool) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let callbacks = KafkaClientCallbacks.from(rd_kafka_opaque(rk)) else { return }
            let facility = facility.map { String(cString: $0) } ?? ""
            let text = text.map { String(cString: $0) } ?? ""
            var level = KafkaClientCallbacks.level(syslog: level)
            // `--kafka-option` settings go to both the consumer and the producer; each ignores the other's.
            if facility == "CONFWARN", text.contains("will be ignored by this") { level = .debug }
            // Connection failures also reach the error callback, which throttles them.
            if facility == "FAIL" { level = min(level, .info) }
            callbacks.logger.log(level: level, "librdkafka \(facility): \(text)")
        }
        rd_kafka_conf_set_error_cb(conf) { rk, code, reason, opaque in
            guard let callbacks = KafkaClientCallbacks.from(opaque) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            let name = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
            if rd_kafka_resp_err_t(code) == RD_KAFKA_RESP_ERR__FATAL, let rk {
                var buffer = [CChar](repeating: 0, count: 512)
                let underlying = rd_kafka_fatal_error(rk, &buffer, buffer.count)
                let fatal = "\(String(cString: rd_kafka_err2name(underlying))): \(String(errorBuffer: buffer))"
                callbacks.recordFatal(fatal)
                callbacks.logger.critical("Kafka client hit a fatal error and cannot go on", metadata: ["error": "\(fatal)"])
            } else {
                // Transport errors (a broker down, all brokers down) are retried by librdkafka itself; while a
                // broker stays down they repeat, so each kind is logged at most every 10 s.
                guard callbacks.due(name) else { return }
                callbacks.logger.warning(
                    "Kafka error; librdkafka retries (repeats of this error are logged every 10 s)",
                    metadata: ["error": "\(name)", "reason": "\(text)"]
                )
            }
        }
        guard consumer else { return }
        rd_kafka_conf_set_rebalance_cb(conf) { rk, code, partitions, opaque in
            guard let rk, let callbacks = KafkaClientCallbacks.from(opaque) else { return }
            let list = partitions.map(KafkaClientCallbacks.partitions) ?? []
            let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
            switch code {
            case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
                // A cooperative rebalance that moves nothing here still assigns an empty increment.
                callbacks.logger.log(
                    level: list.isEmpty ? .debug : .notice,
                    "partitions assigned",
                    metadata: ["partitions": "\(KafkaClientCallbacks.describe(list))"]
                )
                callbacks.onAssign(list)
                if let partitions, !list.isEmpty { callbacks.recordStarts(rk, partitions) }
                if cooperative {
                    if let error = rd_kafka_incremental_assign(rk, partitions) {
                        callbacks.logger.error("\(KafkaError(operation: "incremental assign", consuming: error))")
                    }
                } else {
                    _ = rd_kafka_assign(rk, partitions)
                }
            case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
                let lost = rd_kafka_assignment_lost(rk) != 0
                callbacks.onRevoke(list, lost)
                if cooperative {
                    if let error = rd_kafka_incremental_unassign(rk, partitions) {
                        callbacks.logger.error("\(KafkaError(operation: "incremental unassign", consuming: error))")
                    }
                } else {
                    _ = rd_kafka_assign(rk, nil)
                }
            default:
                callbacks.logger.error("rebalance failed", metadata: ["error": "\(String(cString: rd_kafka_err2name(code)))"])
                _ = rd_kafka_assign(rk, nil)
            }
        }
        rd_kafka_conf_set_offset_commit_cb(conf) { _, code, offsets, opaque in
            guard let callbacks = KafkaClientCallbacks.from(opaque) else { return }
            // NO_OFFSET: nothing new to commit. Anything else is worth a line: the offsets stay where they
            // were, so a restart re-reads (and re-answers) more than needed, but loses nothing.
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
            let list = offsets.map(KafkaClientCallbacks.partitions) ?? []
            callbacks.logger.warning(
                "committing offsets failed; they are committed with the next batch",
                metadata: ["error": "\(String(cString: rd_kafka_err2name(code)))", "partitions": "\(KafkaClientCallbacks.describe(list))"]
            )
        }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> KafkaClientCallbacks? {
        opaque.map { Unmanaged<KafkaClientCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    static func partitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [(topic: String, partition: Int32)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { (String(cString: elements[$0].topic), elements[$0].partition) }
    }

    static func describe(_ list: [(topic: String, partition: Int32)]) -> String {
        list.map { "\($0.topic)[\($0.partition)]" }.joined(separator: ",")
    }

    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
