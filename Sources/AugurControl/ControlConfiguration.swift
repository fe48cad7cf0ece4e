/// How a daemon follows the control channel and how often it reports on it.
public struct ControlConfiguration: Sendable {
    /// The control stream every daemon follows and reports on, for the listener over a Redis-protocol broker;
    /// default `augur:control`. A listener given a channel uses the channel's own name.
    public var stream: String
    /// This daemon's name in reports (its consumer name).
    public var daemonName: String
    /// How often a daemon reports its state when nothing happens (the heartbeat); default 10 s.
    public var reportInterval: Duration
    /// How long one read waits for new commands before the loop checks the heartbeat; default 1 s.
    public var block: Duration

    /// Creates a configuration; every parameter but `daemonName` has the documented default.
    public init(
        stream: String = "augur:control",
        daemonName: String,
        reportInterval: Duration = .seconds(10),
        block: Duration = .seconds(1)
    ) {
        self.stream = stream
        self.daemonName = daemonName
        self.reportInterval = reportInterval
        self.block = block
    }
}
