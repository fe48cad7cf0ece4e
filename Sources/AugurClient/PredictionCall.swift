import AugurRESP
import NIOCore

/// One request of a batch for `AugurClient.send(_:onReply:)`; build them once and reuse them, since the
/// client copies nothing but references to their bytes.
public struct PredictionCall: Sendable {
    /// The model name, as bytes.
    public var model: ByteBuffer
    /// The version that must compute the result; nil for the active one.
    public var version: Int?
    /// The `inputs` JSON (V2 `inputs` array, or one row or rows of numbers for single-input models).
    public var inputs: ByteBuffer
    /// Unix milliseconds after which the daemon answers `deadline_expired` instead of running it.
    public var deadlineMilliseconds: UInt64?

    /// Creates a call from bytes.
    public init(model: ByteBuffer, version: Int? = nil, inputs: ByteBuffer, deadlineMilliseconds: UInt64? = nil) {
        self.model = model
        self.version = version
        self.inputs = inputs
        self.deadlineMilliseconds = deadlineMilliseconds
    }

    /// Creates a call from text.
    public init(model: String, version: Int? = nil, inputs: String, deadlineMilliseconds: UInt64? = nil) {
        self.init(
            model: ByteBuffer(string: model),
            version: version,
            inputs: ByteBuffer(string: inputs),
            deadlineMilliseconds: deadlineMilliseconds
        )
    }
}

/// Builds the XADD of a request, with every constant argument allocated once per client.
struct RequestEncoder: Sendable {
    private let requestStream: ByteBuffer
    private let replyStream: ByteBuffer
    private static let xadd = ByteBuffer(string: "XADD")
    private static let autoID = ByteBuffer(string: "*")
    private static let id = ByteBuffer(string: "id")
    private static let model = ByteBuffer(string: "model")
    private static let version = ByteBuffer(string: "version")
    private static let inputs = ByteBuffer(string: "inputs")
    private static let replyTo = ByteBuffer(string: "reply_to")
    private static let deadline = ByteBuffer(string: "deadline_ms")

    init(requestStream: String, replyStream: String) {
        self.requestStream = ByteBuffer(string: requestStream)
        self.replyStream = ByteBuffer(string: replyStream)
    }

    /// `XADD <requests> * id ID model M [version V] inputs JSON reply_to <replies> [deadline_ms D]`.
    func command(id: ByteBuffer, call: PredictionCall) -> RESPCommand {
        var arguments: [ByteBuffer] = []
        arguments.reserveCapacity(15)
        arguments.append(Self.xadd)
        arguments.append(requestStream)
        arguments.append(Self.autoID)
        arguments.append(Self.id)
        arguments.append(id)
        arguments.append(Self.model)
        arguments.append(call.model)
        if let version = call.version {
            arguments.append(Self.version)
            arguments.append(ByteBuffer(string: String(version)))
        }
        arguments.append(Self.inputs)
        arguments.append(call.inputs)
        arguments.append(Self.replyTo)
        arguments.append(replyStream)
        if let deadline = call.deadlineMilliseconds {
            arguments.append(Self.deadline)
            arguments.append(ByteBuffer(string: String(deadline)))
        }
        return RESPCommand(arguments: arguments)
    }
}
