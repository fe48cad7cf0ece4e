import Logging

/// Logs a sink's failures at most once per interval, with how many were left out, so a broker that is down
/// for an hour yields a few hundred lines rather than one per retry.
struct ErrorLogThrottle: Sendable {
    /// The shortest time between two logged failures; default 10 s.
    let interval: Duration
    private var lastLogged: ContinuousClock.Instant?
    private var suppressed = 0
    private var failing = false

    init(interval: Duration = .seconds(10)) {
        self.interval = interval
    }

    /// Notes a failure and logs it unless one was logged within the interval.
    mutating func failed(_ message: String, error: any Error, logger: Logger) {
        failing = true
        let now = ContinuousClock.now
        if let lastLogged, now - lastLogged < interval {
            suppressed += 1
            return
        }
        logger.warning(
            "\(message)",
            metadata: ["error": "\(error)", "suppressed": "\(suppressed)"]
        )
        lastLogged = now
        suppressed = 0
    }

    /// Notes a success; logs once that the sink recovered after failures.
    mutating func succeeded(_ message: String, logger: Logger) {
        guard failing else { return }
        failing = false
        suppressed = 0
        lastLogged = nil
        logger.notice("\(message)")
    }
}
