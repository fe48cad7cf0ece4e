import NIOConcurrencyHelpers
import NIOCore

/// Receives the outcome of each request of a batch sent with `AugurClient.send(_:onReply:)`: `index` is the
/// request's position in the batch. It runs exactly once per request, on the client's reader (or its timeout
/// sweep), so it must return quickly and never block.
public typealias PredictionReplyHandler = @Sendable (_ index: Int, _ result: Result<PredictionReply, AugurClientError>) -> Void

/// The requests awaiting results, keyed by their correlation id's sequence number, behind one lock.
///
/// Each method changes the state under the lock and returns the continuations to resume and handlers to
/// call, which `Completions.run()` does after the lock is released.
package final class PendingPredictions: Sendable {
    package typealias Outcome = Result<PredictionReply, AugurClientError>
    typealias ReplyContinuation = UnsafeContinuation<Outcome, Never>
    typealias RoomContinuation = UnsafeContinuation<AugurClientError?, Never>

    /// Who is waiting for one request's result.
    enum Waiter {
        /// `predict` is between sending and suspending; an outcome that arrives meanwhile is parked here.
        case unattached(Outcome?)
        /// `predict` is suspended on this continuation.
        case continuation(ReplyContinuation)
        /// A batch handler, with the request's index in its batch.
        case handler(Int, PredictionReplyHandler)
    }

    struct Slot {
        /// Uptime nanoseconds after which the request times out.
        var deadline: UInt64
        var waiter: Waiter
    }

    /// A `predict` waiting for the number in flight to drop below `maxInFlight`.
    struct RoomWaiter {
        var ticket: UInt64
        var deadline: UInt64
        var continuation: RoomContinuation
    }

    struct State {
        var slots: [UInt64: Slot] = [:]
        var nextSequence: UInt64 = 0
        /// Sequence numbers below this one are resolved; the timeout sweep resumes here.
        var sweepFrom: UInt64 = 0
        /// Room taken: slots in the table plus room handed to a `RoomWaiter` that has not registered yet.
        var reserved = 0
        var roomWaiters = CircularBuffer<RoomWaiter>()
        var nextTicket: UInt64 = 0
        var stopped = false
        var duplicates = 0
        var unknown = 0
    }

    /// Work to do once the lock is released.
    struct Completions {
        var replies: [(ReplyContinuation, Outcome)] = []
        var handlers: [(PredictionReplyHandler, Int, Outcome)] = []
        var rooms: [(RoomContinuation, AugurClientError?)] = []

        func run() {
            for (continuation, outcome) in replies { continuation.resume(returning: outcome) }
            for (handler, index, outcome) in handlers { handler(index, outcome) }
            for (continuation, error) in rooms { continuation.resume(returning: error) }
        }
    }

    let maxInFlight: Int
    let timeoutNanoseconds: UInt64
    private let timeout: Duration
    private let state = NIOLockedValueBox(State())

    package init(maxInFlight: Int, timeout: Duration) {
        self.maxInFlight = max(1, maxInFlight)
        self.timeout = timeout
        let (seconds, attoseconds) = timeout.components
        self.timeoutNanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// How many requests await results.
    package var inFlight: Int { state.withLockedValue { $0.slots.count } }
    /// Results that arrived for requests already answered, timed out or cancelled (redeliveries, late results).
    package var duplicateCount: Int { state.withLockedValue { $0.duplicates } }
    /// Results whose correlation id this client never issued.
    package var unknownCount: Int { state.withLockedValue { $0.unknown } }

    // MARK: room

    /// Takes room for one request, waiting while `maxInFlight` are in flight; returns why not, if not.
    package func reserveRoom() async -> AugurClientError? {
        let now = NIODeadline.now().uptimeNanoseconds
        let ticket: UInt64
        switch state.withLockedValue({ state -> (AugurClientError?, UInt64?) in
            if state.stopped { return (.notRunning, nil) }
            if state.reserved < maxInFlight {
                state.reserved += 1
                return (nil, nil)
            }
            state.nextTicket += 1
            return (nil, state.nextTicket)
        }) {
        case (let error?, _): return error
        case (nil, nil): return nil
        case (nil, let waiting?): ticket = waiting
        }
        let deadline = now &+ timeoutNanoseconds
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: RoomContinuation) in
                let immediate = state.withLockedValue { state -> AugurClientError?? in
                    if state.stopped { return .some(.notRunning) }
                    if Task.isCancelled { return .some(.cancelled) }
                    if state.reserved < maxInFlight {
                        state.reserved += 1
                        return .some(nil)
                    }
                    state.roomWaiters.append(RoomWaiter(ticket: ticket, deadline: deadline, continuation: continuation))
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { state -> RoomWaiter? in
                guard let index = state.roomWaiters.firstIndex(where: { $0.ticket == ticket }) else { return nil }
                return state.roomWaiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
    }

    /// Gives back room taken by `reserveRoom` that will not be used.
    func returnRoom() {
        var completions = Completions()
        state.withLockedValue { Self.releaseRoom(&$0, into: &completions) }
        completions.run()
    }

    private static func releaseRoom(_ state: inout State, into completions: inout Completions) {
        if let waiter = state.roomWaiters.popFirst() {
            completions.rooms.append((waiter.continuation, nil))  // the room passes straight to the waiter
        } else {
            state.reserved -= 1
        }
    }

    // MARK: registering

    /// Adds an unattached slot on room already reserved; returns its sequence number, nil once stopped.
    package func register() -> UInt64? {
        let deadline = NIODeadline.now().uptimeNanoseconds &+ timeoutNanoseconds
        return state.withLockedValue { state -> UInt64? in
            if state.stopped { return nil }
            let sequence = state.nextSequence
            state.nextSequence += 1
            state.slots[sequence] = Slot(deadline: deadline, waiter: .unattached(nil))
            return sequence
        }
    }

    /// Adds `count` slots answered through `handler`; returns the first sequence number.
    package func register(count: Int, handler: @escaping PredictionReplyHandler) throws(AugurClientError) -> UInt64 {
        let deadline = NIODeadline.now().uptimeNanoseconds &+ timeoutNanoseconds
        let registered = state.withLockedValue { state -> Result<UInt64, AugurClientError> in
            if state.stopped { return .failure(.notRunning) }
            guard state.reserved + count <= maxInFlight else {
                return .failure(.overloaded(inFlight: state.reserved + count, maxInFlight: maxInFlight))
            }
            state.reserved += count
            let first = state.nextSequence
            state.nextSequence += UInt64(count)
            state.slots.reserveCapacity(state.slots.count + count)
            for index in 0..<count {
                state.slots[first + UInt64(index)] = Slot(deadline: deadline, waiter: .handler(index, handler))
            }
            return .success(first)
        }
        return try registered.get()
    }

    /// Suspends `predict` until the outcome of `sequence` is known.
    package func wait(for sequence: UInt64) async -> Outcome {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: ReplyContinuation) in
                var completions = Completions()
                state.withLockedValue { state in
                    guard let slot = state.slots[sequence], case .unattached(let parked) = slot.waiter else {
                        completions.replies.append((continuation, .failure(.cancelled)))
                        return
                    }
                    if let parked {
                        state.slots[sequence] = nil
                        Self.releaseRoom(&state, into: &completions)
                        completions.replies.append((continuation, parked))
                    } else if Task.isCancelled {
                        state.slots[sequence] = nil
                        Self.releaseRoom(&state, into: &completions)
                        completions.replies.append((continuation, .failure(.cancelled)))
                    } else {
                        state.slots[sequence]?.waiter = .continuation(continuation)
                    }
                }
                completions.run()
            }
        } onCancel: {
            resolve(sequence, with: .failure(.cancelled), countingDuplicates: false)
        }
    }

    /// Settles `sequence` with `outcome` (a failed send, a cancellation) unless it is settled already.
    package func resolve(_ sequence: UInt64, with outcome: Outcome, countingDuplicates: Bool) {
        var completions = Completions()
        state.withLockedValue { state in
            Self.settle(&state, sequence, outcome, countingDuplicates: countingDuplicates, into: &completions)
        }
        completions.run()
    }

    /// Removes a slot whose `predict` gave up before waiting (its send failed).
    package func abandon(_ sequence: UInt64) {
        var completions = Completions()
        state.withLockedValue { state in
            if state.slots.removeValue(forKey: sequence) != nil { Self.releaseRoom(&state, into: &completions) }
        }
        completions.run()
    }

    // MARK: results

    /// Hands each result to its waiter; `nil` sequence numbers are results with foreign ids.
    package func deliver(_ results: [(sequence: UInt64?, reply: PredictionReply)]) {
        var completions = Completions()
        completions.handlers.reserveCapacity(results.count)
        state.withLockedValue { state in
            for result in results {
                guard let sequence = result.sequence, sequence < state.nextSequence else {
                    state.unknown += 1
                    continue
                }
                Self.settle(&state, sequence, .success(result.reply), countingDuplicates: true, into: &completions)
            }
        }
        completions.run()
    }

    private static func settle(
        _ state: inout State,
        _ sequence: UInt64,
        _ outcome: Outcome,
        countingDuplicates: Bool,
        into completions: inout Completions
    ) {
        guard let slot = state.slots[sequence] else {
            if countingDuplicates { state.duplicates += 1 }
            return
        }
        switch slot.waiter {
        case .unattached(nil):
            state.slots[sequence]?.waiter = .unattached(outcome)
        case .unattached(.some):
            if countingDuplicates { state.duplicates += 1 }
        case .continuation(let continuation):
            state.slots[sequence] = nil
            releaseRoom(&state, into: &completions)
            completions.replies.append((continuation, outcome))
        case .handler(let index, let handler):
            state.slots[sequence] = nil
            releaseRoom(&state, into: &completions)
            completions.handlers.append((handler, index, outcome))
        }
    }

    // MARK: timeouts and stop

    /// Fails every request and room wait whose deadline has passed.
    package func sweepTimeouts() {
        let now = NIODeadline.now().uptimeNanoseconds
        var more = true
        while more {
            var completions = Completions()
            more = state.withLockedValue { state -> Bool in
                // Bounded work per lock hold, so senders are not held up behind a long sweep.
                var budget = 4096
                while state.sweepFrom < state.nextSequence {
                    budget -= 1
                    if budget == 0 { return true }
                    guard let slot = state.slots[state.sweepFrom] else {
                        state.sweepFrom += 1
                        continue
                    }
                    // Deadlines grow with the sequence number, so the first live one not due ends the sweep.
                    if case .unattached(.some) = slot.waiter {
                        state.sweepFrom += 1
                        continue
                    }
                    guard slot.deadline <= now else { break }
                    Self.settle(&state, state.sweepFrom, .failure(.timeout(timeout)), countingDuplicates: false, into: &completions)
                    state.sweepFrom += 1
                }
                while let first = state.roomWaiters.first, first.deadline <= now {
                    _ = state.roomWaiters.popFirst()
                    completions.rooms.append((first.continuation, .timeout(timeout)))
                }
                return false
            }
            completions.run()
        }
    }

    /// Refuses new requests and fails every one in flight with `.notRunning`.
    package func stop() {
        var completions = Completions()
        state.withLockedValue { state in
            state.stopped = true
            for sequence in Array(state.slots.keys) {
                Self.settle(&state, sequence, .failure(.notRunning), countingDuplicates: false, into: &completions)
            }
            while let waiter = state.roomWaiters.popFirst() {
                completions.rooms.append((waiter.continuation, .notRunning))
            }
        }
        completions.run()
    }
}
