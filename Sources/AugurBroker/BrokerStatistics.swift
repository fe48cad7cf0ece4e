/// Counters the broker keeps for INFO stats; owned by the event loop.
struct BrokerStatistics {
    /// Connections accepted since start (including those turned away by maxclients).
    var connectionsReceived: UInt64 = 0
    /// Connections refused because maxclients was reached.
    var rejectedConnections: UInt64 = 0
    /// Commands executed, of any outcome.
    var commandsProcessed: UInt64 = 0
    /// Error replies sent.
    var errorReplies: UInt64 = 0
    /// Clients disconnected for not reading their replies (client-output-buffer-limit).
    var outputLimitDisconnections: UInt64 = 0
    /// Clients disconnected for sending invalid protocol.
    var protocolErrors: UInt64 = 0
    /// Ticks that committed at least one record, and the records they committed.
    var commits: UInt64 = 0
    var recordsCommitted: UInt64 = 0
    /// Log commits that failed.
    var commitFailures: UInt64 = 0
    /// Log rewrites started and finished by this process.
    var rewritesStarted: UInt64 = 0
    var rewritesFinished: UInt64 = 0
    /// Records replayed from the log at start.
    var recordsReplayed: UInt64 = 0
}
