import AugurClient

extension KafkaPredictionClient {
    /// Where a `KafkaPredictionClient` sends requests and reads results; every property but `kafka` has the
    /// documented default.
    public struct Configuration: Sendable {
        /// Brokers and librdkafka settings, for the producer and the reply reader alike.
        public var kafka: KafkaClientConfiguration
        /// The topic daemons read requests from; default `augur.requests`.
        public var requestTopic: String
        /// The topic results come back on, named in every request's `reply_to`. nil (the default): a topic of
        /// this client's own, `augur.replies.<random>`, created by `start()` and deleted when `run()` ends.
        /// A named topic must exist; it is read from its end at `start()` and never deleted, so clients may
        /// share it (each drops the others' results, counting them in `unknownResultCount`).
        public var replyTopic: String?
        /// Partitions of the client's own reply topic; default 1.
        public var replyPartitions: Int32
        /// Longest wait for a result, from the call to its arrival (including any wait for room); default 30 s.
        public var timeout: Duration
        /// Most requests awaiting results at once; `predict` waits for room beyond it; default 10,000.
        public var maxInFlight: Int
        /// Longest wait for the brokers while starting and stopping (topic creation, metadata, end offsets,
        /// topic deletion); default 10 s.
        public var adminTimeout: Duration

        /// Creates a configuration; every parameter but `kafka` has the documented default.
        public init(
            kafka: KafkaClientConfiguration,
            requestTopic: String = "augur.requests",
            replyTopic: String? = nil,
            replyPartitions: Int32 = 1,
            timeout: Duration = .seconds(30),
            maxInFlight: Int = 10_000,
            adminTimeout: Duration = .seconds(10)
        ) {
            self.kafka = kafka
            self.requestTopic = requestTopic
            self.replyTopic = replyTopic
            self.replyPartitions = replyPartitions
            self.timeout = timeout
            self.maxInFlight = maxInFlight
            self.adminTimeout = adminTimeout
        }
    }
}
