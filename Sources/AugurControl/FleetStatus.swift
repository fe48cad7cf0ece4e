import AugurModels
import AugurRedisClient
import Logging

/// The fleet as the control stream shows it: the latest report of every daemon, and the fold of commands.
public struct FleetStatus: Sendable {
    /// One daemon as its latest report shows it.
    public struct Daemon: Sendable, Equatable {
        /// The daemon's name.
        public var name: String
        /// Its latest report.
        public var report: DaemonReport
        /// True when it has not reported for `staleHeartbeats` heartbeat intervals.
        public var isStale: Bool

        /// Creates a daemon's entry.
        public init(name: String, report: DaemonReport, isStale: Bool) {
            self.name = name
            self.report = report
            self.isStale = isStale
        }
    }

    /// Heartbeat intervals without a report after which a daemon counts as stale.
    public static let staleHeartbeats: UInt64 = 3
    /// The interval assumed for a daemon whose reports do not carry one: 10 s, the daemon default.
    public static let defaultIntervalMilliseconds: UInt64 = 10_000

    /// Every daemon that ever reported and whose report is still on the stream, by name.
    public var daemons: [Daemon]
    /// The fold of every command on the stream.
    public var control: ControlState
    /// The position of the last entry read; outcomes of commands added later arrive after it.
    public var position: ControlPosition

    /// Creates a status from its parts.
    public init(daemons: [Daemon], control: ControlState, position: ControlPosition) {
        self.daemons = daemons
        self.control = control
        self.position = position
    }

    /// Reads the whole control `channel`; `now` (Unix ms) decides staleness.
    public static func read(
        from channel: any ControlChannel,
        now: UInt64 = ControlClock.nowMilliseconds(),
        logger: Logger = Logger(label: "augur.control")
    ) async throws -> FleetStatus {
        let (entries, last) = try await channel.entries(after: .start)
        var control = ControlState()
        var latest: [String: DaemonReport] = [:]
        for entry in entries {
            switch ControlEntry.read(entry, channel: channel.name, logger: logger) {
            case .command(let command)?: control.apply(command)
            case .report(let report)?: latest[report.daemon] = report
            case nil: break
            }
        }
        let daemons = latest.values.sorted { $0.daemon < $1.daemon }.map { report in
            Daemon(name: report.daemon, report: report, isStale: isStale(report, now: now))
        }
        return FleetStatus(daemons: daemons, control: control, position: last)
    }

    /// Reads the whole control `stream` of a Redis-protocol broker through `reader`.
    public static func read(
        from reader: any RedisCommandSending,
        stream: String = "augur:control",
        now: UInt64 = ControlClock.nowMilliseconds(),
        logger: Logger = Logger(label: "augur.control")
    ) async throws -> FleetStatus {
        try await read(from: RedisControlChannel(stream: stream, reader: reader), now: now, logger: logger)
    }

    /// Whether `report` is older than `staleHeartbeats` of its daemon's heartbeat intervals at `now`.
    public static func isStale(_ report: DaemonReport, now: UInt64) -> Bool {
        let interval = report.intervalMilliseconds ?? defaultIntervalMilliseconds
        return now > report.issuedMilliseconds && now - report.issuedMilliseconds > staleHeartbeats * interval
    }

    /// The daemons heard from recently.
    public var liveDaemons: [Daemon] {
        daemons.filter { !$0.isStale }
    }

    /// What most live daemons report serving for `model`; nil when none serves it.
    public func reportedState(of model: String) -> ModelServingState? {
        var counts: [Int: (count: Int, state: ModelServingState)] = [:]
        for daemon in liveDaemons {
            guard let state = daemon.report.state[model] else { continue }
            counts[state.version, default: (0, state)].count += 1
        }
        return counts.values.max { ($0.count, $1.state.version) < ($1.count, $0.state.version) }?.state
    }
}
