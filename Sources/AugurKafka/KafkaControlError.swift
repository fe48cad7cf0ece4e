/// Why the control topic cannot serve as the control channel.
public enum KafkaControlError: Error, Sendable, CustomStringConvertible {
    /// The topic does not exist and could not be created.
    case topicMissing(topic: String, reason: String)
    /// The topic has more than one partition, so its entries have no single order.
    case partitionCount(topic: String, count: Int)
    /// Reading the topic up to its end made no progress for too long.
    case readStalled(topic: String, offset: Int64, end: Int64, lastError: String?)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .topicMissing(let topic, let reason):
            "the control topic \(topic) does not exist and could not be created (\(reason)); create it with one "
                + "partition, e.g. kafka-topics.sh --create --topic \(topic) --partitions 1 --config cleanup.policy=compact"
        case .partitionCount(let topic, let count):
            "the control topic \(topic) has \(count) partitions; the control channel needs exactly one (daemons must "
                + "apply commands in one order): delete it and create it with --partitions 1, or name another with --kafka-control-topic"
        case .readStalled(let topic, let offset, let end, let lastError):
            "reading the control topic \(topic) stalled at offset \(offset) of \(end)"
                + (lastError.map { " (\($0))" } ?? "") + "; is the broker reachable?"
        }
    }
}
