/// What `LoadGenerator` sends: requests cycled from a pool, at a rate or as fast as answers come back.
public struct LoadPlan: Sendable {
    /// The requests to send, used round-robin; build them once (the generator only copies references).
    public var calls: [PredictionCall]
    /// Requests per second, scheduled by time (open loop); 0 sends whenever fewer than `concurrency` are in
    /// flight (closed loop, maximum throughput). Default 0.
    public var rate: Double
    /// How long to send after the warm-up; nil to stop only after `requests`. Default 10 s.
    public var duration: Duration?
    /// How many requests to send after the warm-up; nil to stop only after `duration`. Default nil.
    public var requests: Int?
    /// Most requests in flight at once. Default 1,000.
    public var concurrency: Int
    /// Time spent sending before measuring starts; requests scheduled in it are not counted. Default 0.
    public var warmup: Duration
    /// Most requests written in one batch. Default 256.
    public var maxBatch: Int

    /// Creates a plan; every parameter but `calls` has the documented default.
    public init(
        calls: [PredictionCall],
        rate: Double = 0,
        duration: Duration? = .seconds(10),
        requests: Int? = nil,
        concurrency: Int = 1000,
        warmup: Duration = .zero,
        maxBatch: Int = 256
    ) {
        self.calls = calls
        self.rate = rate
        self.duration = duration
        self.requests = requests
        self.concurrency = concurrency
        self.warmup = warmup
        self.maxBatch = maxBatch
    }
}
