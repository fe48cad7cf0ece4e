import NIOConcurrencyHelpers

/// Wakes one waiting task when something changed; a ring with nobody waiting is remembered once.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: UnsafeContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Wakes the waiter, or lets the next `wait()` return at once.
    func ring() {
        let waiter = state.withLockedValue { state -> UnsafeContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns after the next ring (or at once if it rang since the last wait). One waiter at a time.
    func wait() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let ready = state.withLockedValue { state -> Bool in
                if state.rung {
                    state.rung = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
