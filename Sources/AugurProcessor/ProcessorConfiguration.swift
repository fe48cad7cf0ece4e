import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the event processor reads and writes, and how it batches; every default is documented.
public struct ProcessorConfiguration: Sendable {
    /// Stream the prediction requests arrive on. Default: `augur:requests`.
    public var requestStream: String
    /// Stream results go to when a request names no `reply_to`. Default: `augur:results`.
    public var resultStream: String
    /// Stream that receives entries delivered `maxDeliveries` times without success. Default: `augur:dead`.
    public var deadLetterStream: String
    /// Stream of control commands (load, pin, unload). Default: `augur:control`.
    public var controlStream: String
    /// Stream of the inference log (inputs and outputs, for drift monitoring). Default: `augur:log`.
    public var inferenceLogStream: String
    /// Consumer group every processor instance joins. Default: `augur`.
    public var group: String
    /// This instance's consumer name; must be unique within the group. Default: `<host>-<pid>-<random>`.
    public var consumerName: String
    /// Most requests read and planned together. Default: 128.
    public var maxBatch: Int
    /// How long a read that got only a few requests (under an eighth of `maxBatch`) waits for more before
    /// running them, in microseconds: a trickle then costs one model call instead of several. Default: 500.
    public var maxWaitMicroseconds: Int
    /// A pending entry idle this long (ms) is claimed from its crashed or stuck consumer. Default: 30_000.
    public var claimIdleMilliseconds: Int
    /// An entry already delivered this many times is dead-lettered instead of being run again. Default: 5.
    public var maxDeliveries: Int
    /// Batches `StreamProcessor.run()` keeps in flight at once (being run or written while the next is
    /// read); when all are busy it stops reading. Default: 8.
    public var inFlightBatches: Int
    /// Threads that plan and run batches (JSON decoding, model calls, output encoding). Default: the number
    /// of CPU cores.
    public var workerThreads: Int
    /// Whether the daemon trims the request stream of entries every group has been delivered and has
    /// acknowledged, so it does not grow without bound. Default: true.
    public var trimRequests: Bool
    /// Whether NaN float inputs reach the model. JSON has no NaN: a `null` element in float data stands for a
    /// missing value. Models trained with missing-value support (e.g. gradient boosting) can take it; most
    /// others would silently return garbage, so by default such requests fail with `nan_input`. Default: false.
    public var allowNaN: Bool

    /// Creates a configuration with the documented defaults.
    public init(
        requestStream: String = "augur:requests",
        resultStream: String = "augur:results",
        deadLetterStream: String = "augur:dead",
        controlStream: String = "augur:control",
        inferenceLogStream: String = "augur:log",
        group: String = "augur",
        consumerName: String = ProcessorConfiguration.uniqueConsumerName(),
        maxBatch: Int = 128,
        maxWaitMicroseconds: Int = 500,
        claimIdleMilliseconds: Int = 30_000,
        maxDeliveries: Int = 5,
        inFlightBatches: Int = 8,
        workerThreads: Int = System.coreCount,
        allowNaN: Bool = false,
        trimRequests: Bool = true
    ) {
        self.trimRequests = trimRequests
        self.requestStream = requestStream
        self.resultStream = resultStream
        self.deadLetterStream = deadLetterStream
        self.controlStream = controlStream
        self.inferenceLogStream = inferenceLogStream
        self.group = group
        self.consumerName = consumerName
        self.maxBatch = maxBatch
        self.maxWaitMicroseconds = maxWaitMicroseconds
        self.claimIdleMilliseconds = claimIdleMilliseconds
        self.maxDeliveries = maxDeliveries
        self.inFlightBatches = inFlightBatches
        self.workerThreads = workerThreads
        self.allowNaN = allowNaN
    }

    /// `<host>-<pid>-<random>`: distinct per process even on one host, so restarts never reuse a name
    /// whose pending entries belong to a dead instance.
    public static func uniqueConsumerName() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
        let random = UInt32.random(in: 0...UInt32.max)
        return "\(host)-\(getpid())-\(String(random, radix: 16))"
    }
}
