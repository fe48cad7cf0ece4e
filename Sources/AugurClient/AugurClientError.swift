/// Why `AugurClient` could not deliver a prediction. An error *result* from the daemon (bad inputs, unknown
/// model, …) is not one of these: it arrives as `PredictionReply.error`.
public enum AugurClientError: Error, Sendable, Equatable {
    /// No result arrived within the configured timeout; the request may still be answered later (the late
    /// result is dropped and counted as a duplicate).
    case timeout(Duration)
    /// The client's `run()` has returned; it takes no more requests.
    case notRunning
    /// More than `maxInFlight` requests would be waiting at once (batch sends only; `predict` waits for room).
    case overloaded(inFlight: Int, maxInFlight: Int)
    /// The broker could not take the request: connection failed or lost, or it answered with an error.
    case broker(String)
    /// The calling task was cancelled before the result arrived.
    case cancelled
}

extension AugurClientError: CustomStringConvertible {
    /// A message that says what happened and what to do about it.
    public var description: String {
        switch self {
        case .timeout(let timeout):
            return "no result within \(timeout); check that an `augur serve` daemon reads the request stream "
                + "and serves the model, or raise the timeout"
        case .notRunning:
            return "the client is not running (its run() has returned); create a new AugurClient and call run() in a task"
        case .overloaded(let inFlight, let maxInFlight):
            return "\(inFlight) requests would be in flight, more than maxInFlight (\(maxInFlight)); "
                + "send smaller batches, wait for results, or raise maxInFlight"
        case .broker(let reason):
            return "the broker did not take the request: \(reason)"
        case .cancelled:
            return "the prediction was cancelled before its result arrived"
        }
    }
}
