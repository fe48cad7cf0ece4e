/// Where the stream monitor reads inference log records and writes alerts.
public struct MonitorStreamConfiguration: Sendable {
    /// Where reading starts when there is no consumer group.
    public enum StartPosition: Sendable, Equatable {
        /// Only records added after the monitor starts (`$`).
        case latest
        /// Every record the stream still holds (`0`).
        case beginning
        /// Records after this entry id.
        case after(String)

        var id: String {
            switch self {
            case .latest: "$"
            case .beginning: "0"
            case .after(let id): id
            }
        }
    }

    /// The inference log stream. Default `augur:log`.
    public var logStream: String
    /// The stream alert events go to. Default `augur:alerts`.
    public var alertsStream: String
    /// About how many entries the alerts stream keeps (XADD MAXLEN ~). Default 10,000.
    public var alertsMaxLength: Int
    /// Where reading starts (without a group; with one, where the group starts when it is created). Default latest.
    public var start: StartPosition
    /// A consumer group to read through (e.g. `augur-monitor`): a restarted monitor resumes where it left
    /// off. Nil (the default) reads with plain XREAD. Windows are per process, so a group should have one
    /// monitor consumer.
    public var group: String?
    /// This monitor's consumer name within the group. Default `monitor`.
    public var consumer: String
    /// Entries per read. Default 500.
    public var batch: Int
    /// How long a read blocks waiting for entries. Default 1 s.
    public var block: Duration
    /// Pause before reading again after a broker error. Default 1 s.
    public var retryDelay: Duration

    /// Creates a configuration; every parameter defaults as documented on its property.
    public init(
        logStream: String = "augur:log",
        alertsStream: String = "augur:alerts",
        alertsMaxLength: Int = 10_000,
        start: StartPosition = .latest,
        group: String? = nil,
        consumer: String = "monitor",
        batch: Int = 500,
        block: Duration = .seconds(1),
        retryDelay: Duration = .seconds(1)
    ) {
        self.logStream = logStream
        self.alertsStream = alertsStream
        self.alertsMaxLength = alertsMaxLength
        self.start = start
        self.group = group
        self.consumer = consumer
        self.batch = batch
        self.block = block
        self.retryDelay = retryDelay
    }
}
