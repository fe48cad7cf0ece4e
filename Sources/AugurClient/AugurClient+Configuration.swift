import AugurRedisClient

extension AugurClient {
    /// Where an `AugurClient` sends requests and reads results; every property has the documented default.
    public struct Configuration: Sendable {
        /// The broker's address and credentials; default `RedisConnection.Configuration()` (127.0.0.1:6379).
        /// The client opens two connections with it: one sends requests, one blocks reading results.
        public var connection: RedisConnection.Configuration
        /// The stream daemons read requests from; default `augur:requests`.
        public var requestStream: String
        /// This client's own result stream, named in every request's `reply_to`; default
        /// `augur:replies:<random>`. It is trimmed as results are read and deleted when `run()` ends, so
        /// it must not be shared with another client.
        public var replyStream: String
        /// Longest wait for a result, from the call to its arrival (including any wait for room);
        /// default 30 s.
        public var timeout: Duration
        /// Most requests awaiting results at once; `predict` waits for room beyond it; default 10,000.
        public var maxInFlight: Int
        /// Most results one read of the reply stream takes; default 4,096.
        public var readCount: Int
        /// How long one read of the reply stream blocks on the broker when no result is there; default 1 s.
        public var readBlock: Duration
        /// How often results already read are trimmed from the reply stream; default 100 ms.
        public var trimInterval: Duration

        /// Creates a configuration; every parameter has the documented default.
        public init(
            connection: RedisConnection.Configuration = RedisConnection.Configuration(),
            requestStream: String = "augur:requests",
            replyStream: String = "augur:replies:" + CorrelationIDs.randomToken(),
            timeout: Duration = .seconds(30),
            maxInFlight: Int = 10_000,
            readCount: Int = 4096,
            readBlock: Duration = .seconds(1),
            trimInterval: Duration = .milliseconds(100)
        ) {
            self.connection = connection
            self.requestStream = requestStream
            self.replyStream = replyStream
            self.timeout = timeout
            self.maxInFlight = maxInFlight
            self.readCount = readCount
            self.readBlock = readBlock
            self.trimInterval = trimInterval
        }
    }
}
