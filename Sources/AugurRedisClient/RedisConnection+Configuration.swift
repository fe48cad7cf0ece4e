import AugurRESP

extension RedisConnection {
    /// Where and how to connect; every property has the documented default.
    public struct Configuration: Sendable {
        /// Server host name or address; default `127.0.0.1`.
        public var host: String
        /// Server TCP port; default 6379.
        public var port: Int
        /// ACL user name for AUTH/HELLO; default nil (the `default` user).
        public var username: String?
        /// Password for AUTH/HELLO; default nil (no authentication).
        public var password: String?
        /// Name set with CLIENT SETNAME (or HELLO SETNAME) so the connection shows in CLIENT LIST; default nil.
        public var clientName: String?
        /// Protocol to speak; default RESP2, which every server accepts. RESP3 is negotiated with `HELLO 3`.
        public var protocolVersion: RESPProtocolVersion
        /// Longest wait for the TCP connection to be established; default 5 seconds.
        public var connectTimeout: Duration
        /// Longest wait for one reply; default nil (no limit). Commands that block on the server get their
        /// block time added. When it expires the connection is closed, since FIFO matching is then suspect.
        public var commandTimeout: Duration?
        /// Limits on replies the decoder accepts; default `RESPValueDecoder.Configuration()`.
        public var replyLimits: RESPValueDecoder.Configuration

        /// Creates a configuration; every parameter has the documented default.
        public init(
            host: String = "127.0.0.1",
            port: Int = 6379,
            username: String? = nil,
            password: String? = nil,
            clientName: String? = nil,
            protocolVersion: RESPProtocolVersion = .resp2,
            connectTimeout: Duration = .seconds(5),
            commandTimeout: Duration? = nil,
            replyLimits: RESPValueDecoder.Configuration = RESPValueDecoder.Configuration()
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.clientName = clientName
            self.protocolVersion = protocolVersion
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
            self.replyLimits = replyLimits
        }
    }
}
