/// A prediction client `LoadGenerator` can drive: `AugurClient` over the Redis-protocol broker, or the Kafka
/// client of `AugurKafka`. The generator needs only batch sends with a result handler and two counts.
public protocol LoadTarget: Sendable {
    /// Most requests the client keeps awaiting results; the generator never has more in flight.
    var maxInFlight: Int { get }

    /// Results that arrived more than once or too late (dropped by the client), for the report.
    var duplicateCount: Int { get }

    /// Sends `calls` at once; `handler` then receives each one's result or failure exactly once, by its index
    /// in `calls`. Throws, without calling `handler`, only when nothing was sent.
    func send(_ calls: [PredictionCall], onReply handler: @escaping PredictionReplyHandler) async throws(AugurClientError)
}

extension AugurClient: LoadTarget {
    /// `configuration.maxInFlight`.
    public var maxInFlight: Int { configuration.maxInFlight }
}
