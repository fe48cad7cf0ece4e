import AugurLog
import Logging

/// Everything the broker can be configured with; each default matches brokerconf/broker.conf.
public struct BrokerConfiguration: Sendable, Equatable {
    /// Address to listen on (`bind`). Default `127.0.0.1`.
    public var bindAddress: String = "127.0.0.1"
    /// TCP port (`port`); 0 picks a free one. Default 6399.
    public var port: Int = 6399
    /// Pending-connection queue length (`tcp-backlog`). Default 511.
    public var tcpBacklog: Int = 511
    /// Non-zero turns TCP keepalive on (`tcp-keepalive`; the kernel's probe timers apply); 0 turns it off. Default 300.
    public var tcpKeepaliveSeconds: Int = 300
    /// Close a client idle for this many seconds (`timeout`); 0 never does. Blocked clients are exempt. Default 0.
    public var idleTimeoutSeconds: Int = 0
    /// Most simultaneous clients (`maxclients`). Default 10000.
    public var maxClients: Int = 10_000

    /// Directory of the append-only log (`dir`). Default `./augur-data`.
    public var dataDirectory: String = "./augur-data"
    /// File name of the log inside `dataDirectory` (`appendfilename`). Default `augur.aof`.
    public var appendFileName: String = "augur.aof"
    /// When the log is fsync'd (`appendfsync`). Default `everysec`.
    public var appendFsync: FsyncPolicy = .everysec
    /// Rewrite the log when it grew by this percentage since the last rewrite (`auto-aof-rewrite-percentage`);
    /// 0 turns automatic rewrites off. Default 100.
    public var autoRewritePercentage: Int = 100
    /// Never rewrite automatically below this size (`auto-aof-rewrite-min-size`). Default 64 MiB.
    public var autoRewriteMinBytes: Int = 64 << 20

    /// The users that may authenticate (`requirepass` sets the default user's password; `user` lines add users).
    public var users: BrokerUsers = BrokerUsers()

    /// Longest bulk string a client may send (`proto-max-bulk-len`). Default 512 MiB.
    public var protoMaxBulkLength: Int = 512 << 20
    /// Most arguments in one command (`proto-max-multibulk-len`). Default 1048576.
    public var protoMaxArguments: Int = 1_048_576
    /// Longest inline (non-RESP) command line (`proto-max-inline-len`). Default 64 KiB.
    public var protoMaxInlineLength: Int = 64 << 10
    /// Most unparsed input buffered for one client (`client-query-buffer-limit`). Default 1 GiB.
    public var clientQueryBufferLimit: Int = 1 << 30
    /// Stop running a client's commands while this many reply bytes wait to be sent to it
    /// (`client-output-pause`); running resumes once the socket drained. Default 1 MiB.
    public var clientOutputPauseBytes: Int = 1 << 20
    /// When a client that does not read its replies is disconnected (`client-output-buffer-limit normal`).
    public var clientOutputBufferLimit: OutputBufferLimit = OutputBufferLimit()

    /// Lowest level written to the log (`loglevel`). Default `notice`.
    public var logLevel: Logger.Level = .notice

    /// Creates the default configuration.
    public init() {}

    /// The append-only log settings this configuration implies.
    public var appendLogConfiguration: AppendLog.Configuration {
        var log = AppendLog.Configuration(directory: dataDirectory)
        log.fileName = appendFileName
        log.fsync = appendFsync
        log.autoRewritePercentage = autoRewritePercentage
        log.autoRewriteMinBytes = autoRewriteMinBytes
        return log
    }
}

extension BrokerConfiguration {
    /// Redis's `client-output-buffer-limit` for normal clients: a hard cap and a soft cap held for some seconds.
    public struct OutputBufferLimit: Sendable, Equatable {
        /// Disconnect as soon as this many reply bytes are pending; 0 means no hard cap. Default 64 MiB.
        public var hardBytes: Int = 64 << 20
        /// Disconnect when at least this many bytes stayed pending for `softSeconds`; 0 means no soft cap.
        /// Default 16 MiB.
        public var softBytes: Int = 16 << 20
        /// How long the soft cap may be exceeded. Default 60 seconds.
        public var softSeconds: Int = 60

        /// Creates the default limits.
        public init() {}

        /// Creates explicit limits.
        public init(hardBytes: Int, softBytes: Int, softSeconds: Int) {
            self.hardBytes = hardBytes
            self.softBytes = softBytes
            self.softSeconds = softSeconds
        }
    }
}
