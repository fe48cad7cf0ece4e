import NIOConcurrencyHelpers
import NIOCore

/// The bounded queue between the request path and the log's sinks.
///
/// `append` takes one short lock and never waits: what does not fit is dropped and counted. The drain side
/// is woken by a one-slot signal that fires only when the queue turns non-empty, so a busy producer does not
/// pay for a wake-up per record.
final class InferenceLogBuffer: Sendable {
    private struct State {
        var records: CircularBuffer<InferenceLogRecord>
        var dropped = 0
    }

    /// The most records the queue holds.
    let capacity: Int
    /// Yields when records arrive in an empty queue.
    let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation
    private let state: NIOLockedValueBox<State>

    init(capacity: Int) {
        self.capacity = capacity
        // The queue grows on demand: an idle daemon should not hold 64 K empty slots.
        self.state = NIOLockedValueBox(State(records: CircularBuffer(initialCapacity: min(capacity, 1024))))
        (self.signals, self.signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues as many of `records` as fit; returns how many were dropped.
    func append(_ records: [InferenceLogRecord]) -> Int {
        guard !records.isEmpty else { return 0 }
        let (wasEmpty, dropped) = state.withLockedValue { state -> (Bool, Int) in
            let wasEmpty = state.records.isEmpty
            let room = capacity - state.records.count
            let accepted = min(room, records.count)
            if accepted == records.count {
                state.records.append(contentsOf: records)
            } else if accepted > 0 {
                state.records.append(contentsOf: records.prefix(accepted))
            }
            let dropped = records.count - accepted
            state.dropped += dropped
            return (wasEmpty && accepted > 0, dropped)
        }
        if wasEmpty { signal.yield() }
        return dropped
    }

    /// Removes and returns up to `limit` of the oldest records.
    func take(upTo limit: Int) -> [InferenceLogRecord] {
        state.withLockedValue { state in
            let count = min(limit, state.records.count)
            guard count > 0 else { return [] }
            var taken: [InferenceLogRecord] = []
            taken.reserveCapacity(count)
            for _ in 0..<count { taken.append(state.records.removeFirst()) }
            return taken
        }
    }

    /// How many records wait.
    var count: Int { state.withLockedValue { $0.records.count } }

    /// How many records were dropped since creation.
    var droppedCount: Int { state.withLockedValue { $0.dropped } }
}
