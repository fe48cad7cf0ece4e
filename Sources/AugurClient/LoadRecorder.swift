import NIOConcurrencyHelpers
import NIOCore

/// Counts and latencies of a load run, written by result handlers, read once at the end.
final class LoadRecorder: Sendable {
    struct State {
        /// Latencies in nanoseconds of measured requests, in arrival order.
        var latencies: [UInt64]
        var inFlight = 0
        var answered = 0
        var errorResults = 0
        var unanswered = 0
        var lastArrival: UInt64 = 0
        var firstFailure: AugurClientError?
    }

    /// Uptime nanoseconds from which requests count.
    let measureFrom: UInt64
    private let state: NIOLockedValueBox<State>
    /// Rung whenever a request completes, for a sender waiting for room or for the last result.
    let completed = Doorbell()

    init(measureFrom: UInt64, expected: Int) {
        self.measureFrom = measureFrom
        var latencies: [UInt64] = []
        latencies.reserveCapacity(max(1024, expected))
        self.state = NIOLockedValueBox(State(latencies: latencies))
    }

    var inFlight: Int { state.withLockedValue { $0.inFlight } }

    /// Counts `count` requests as sent.
    func sent(_ count: Int) {
        state.withLockedValue { $0.inFlight += count }
    }

    /// Records one request's outcome; `started` is when it was scheduled or sent (uptime nanoseconds).
    func record(_ outcome: Result<PredictionReply, AugurClientError>, started: UInt64) {
        let now = NIODeadline.now().uptimeNanoseconds
        state.withLockedValue { state in
            state.inFlight -= 1
            guard started >= measureFrom else { return }
            switch outcome {
            case .success(let reply):
                state.answered += 1
                if reply.error != nil { state.errorResults += 1 }
                state.latencies.append(now >= started ? now - started : 0)
                state.lastArrival = max(state.lastArrival, now)
            case .failure(let error):
                state.unanswered += 1
                if state.firstFailure == nil { state.firstFailure = error }
            }
        }
        completed.ring()
    }

    /// The report for `sent` measured requests, sending having stopped at `sendingEnded`.
    func report(sent: Int, duplicates: Int, sendingEnded: UInt64) -> LoadReport {
        state.withLockedValue { state in
            let end = max(state.lastArrival, sendingEnded)
            let seconds = end > measureFrom ? Double(end - measureFrom) / 1e9 : 0
            state.latencies.sort()
            func percentile(_ fraction: Double) -> Double {
                guard !state.latencies.isEmpty else { return 0 }
                let rank = Int((Double(state.latencies.count) * fraction).rounded(.up)) - 1
                return Double(state.latencies[min(max(rank, 0), state.latencies.count - 1)]) / 1e6
            }
            return LoadReport(
                sent: sent,
                answered: state.answered,
                errors: state.errorResults + state.unanswered,
                unanswered: state.unanswered,
                duplicates: duplicates,
                seconds: seconds,
                throughput: seconds > 0 ? Double(state.answered) / seconds : 0,
                p50Milliseconds: percentile(0.50),
                p90Milliseconds: percentile(0.90),
                p99Milliseconds: percentile(0.99),
                maxMilliseconds: Double(state.latencies.last ?? 0) / 1e6,
                firstFailure: state.firstFailure
            )
        }
    }
}
