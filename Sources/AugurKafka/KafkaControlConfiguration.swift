/// The control channel of a daemon over Kafka: which topic, and how often the daemon reports on it.
public struct KafkaControlConfiguration: Sendable {
    /// The control topic every daemon reads in full and reports on; default `augur.control`. It must have
    /// one partition.
    public var topic: String
    /// How often a daemon reports its state when nothing happens (the heartbeat); default 10 s.
    public var reportInterval: Duration
    /// Whether a daemon creates the topic (one partition, compacted) when the broker does not have it;
    /// default true. Without it, a missing topic stops the daemon with an error saying what to create.
    public var createTopic: Bool

    /// Creates a configuration with the documented defaults.
    public init(topic: String = "augur.control", reportInterval: Duration = .seconds(10), createTopic: Bool = true) {
        self.topic = topic
        self.reportInterval = reportInterval
        self.createTopic = createTopic
    }
}
