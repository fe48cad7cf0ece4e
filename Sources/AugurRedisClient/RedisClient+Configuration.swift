extension RedisClient {
    /// How a `RedisClient` connects and reconnects; every property has the documented default.
    public struct Configuration: Sendable {
        /// Settings for each connection the client opens; default `RedisConnection.Configuration()`.
        public var connection: RedisConnection.Configuration
        /// Delays between reconnect attempts; default `ReconnectBackoff()` (100 ms doubling up to 5 s, 50 % jitter).
        public var reconnectBackoff: ReconnectBackoff
        /// Longest a command waits for a connection while the client is (re)connecting; default 10 s.
        public var connectionWaitTimeout: Duration

        /// Creates a configuration; every parameter has the documented default.
        public init(
            connection: RedisConnection.Configuration = RedisConnection.Configuration(),
            reconnectBackoff: ReconnectBackoff = ReconnectBackoff(),
            connectionWaitTimeout: Duration = .seconds(10)
        ) {
            self.connection = connection
            self.reconnectBackoff = reconnectBackoff
            self.connectionWaitTimeout = connectionWaitTimeout
        }
    }
}
