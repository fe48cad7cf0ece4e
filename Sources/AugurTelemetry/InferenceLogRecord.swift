import NIOCore

/// One inference as the processor saw it: who asked, which model version answered, when each step happened.
///
/// Timestamps are Unix microseconds. Optional ones are nil when the request never got that far (an
/// unknown model has no model start).
public struct InferenceLogRecord: Sendable {
    /// The request's correlation id.
    public var id: String
    /// The model the request named.
    public var model: String
    /// The version that computed the result; nil when none was resolved.
    public var version: Int?
    /// The consumer name of the daemon that handled it.
    public var daemon: String
    /// When the request entered the queue (from its stream id).
    public var enqueuedMicros: UInt64
    /// When the daemon read it.
    public var readMicros: UInt64
    /// When the model call that carried it began.
    public var modelStartMicros: UInt64?
    /// When that model call ended.
    public var modelEndMicros: UInt64?
    /// When the result (or error) was written.
    public var writtenMicros: UInt64
    /// `ok`, or the error code the result carried.
    public var outcome: String
    /// The request's raw `inputs` JSON.
    public var inputs: ByteBuffer?
    /// The result's raw `outputs` JSON.
    public var outputs: ByteBuffer?
    /// How a shadow version compared on this request, when it was shadowed (fields `shadow_version`,
    /// `shadow_agree` 1/0, `shadow_abs_diff`, `shadow_latency_us`).
    public var shadow: ShadowComparison?

    /// Creates a record; every field is as documented on its property.
    public init(
        id: String,
        model: String,
        version: Int?,
        daemon: String,
        enqueuedMicros: UInt64,
        readMicros: UInt64,
        modelStartMicros: UInt64?,
        modelEndMicros: UInt64?,
        writtenMicros: UInt64,
        outcome: String,
        inputs: ByteBuffer?,
        outputs: ByteBuffer?,
        shadow: ShadowComparison? = nil
    ) {
        self.shadow = shadow
        self.id = id
        self.model = model
        self.version = version
        self.daemon = daemon
        self.enqueuedMicros = enqueuedMicros
        self.readMicros = readMicros
        self.modelStartMicros = modelStartMicros
        self.modelEndMicros = modelEndMicros
        self.writtenMicros = writtenMicros
        self.outcome = outcome
        self.inputs = inputs
        self.outputs = outputs
    }
}
