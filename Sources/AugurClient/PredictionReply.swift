import AugurRESP
import AugurRedisClient
import NIOCore

/// The result of one prediction, as the daemon wrote it to the reply stream.
public struct PredictionReply: Sendable, Equatable {
    /// A failed prediction's stable `code` (`unknown_model`, `bad_input_shape`, …) and a `message` saying
    /// what to change.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        /// The stable machine-readable code.
        public var code: String
        /// A human-readable explanation.
        public var message: String

        /// Creates a failure.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }

        /// `code: message`.
        public var description: String { "\(code): \(message)" }
    }

    /// The correlation id the request carried.
    public var id: String
    /// The model name.
    public var model: String
    /// The version that computed the result; nil when no model ran.
    public var version: Int?
    /// The Open Inference Protocol V2 `outputs` array as JSON text, on success.
    public var outputs: String?
    /// Why there are no outputs, on failure.
    public var error: Failure?
    /// Microseconds from the request entering the queue to the result being written, as the daemon measured.
    public var latencyMicros: UInt64?

    /// Creates a reply.
    public init(
        id: String,
        model: String,
        version: Int? = nil,
        outputs: String? = nil,
        error: Failure? = nil,
        latencyMicros: UInt64? = nil
    ) {
        self.id = id
        self.model = model
        self.version = version
        self.outputs = outputs
        self.error = error
        self.latencyMicros = latencyMicros
    }
}

extension PredictionReply {
    /// Reads a result entry (`id`, `model`, `version`, `outputs` | `error`, `latency_us`).
    init(message: StreamMessage) {
        var reply = PredictionReply(id: "", model: "")
        for field in message.fields {
            switch field.name.readableBytesView.first {
            case UInt8(ascii: "i") where field.name.readableBytesEqual("id"):
                reply.id = String(buffer: field.value)
            case UInt8(ascii: "m") where field.name.readableBytesEqual("model"):
                reply.model = String(buffer: field.value)
            case UInt8(ascii: "v") where field.name.readableBytesEqual("version"):
                reply.version = DecimalText.parse(field.value).flatMap { Int(exactly: $0) }
            case UInt8(ascii: "o") where field.name.readableBytesEqual("outputs"):
                reply.outputs = String(buffer: field.value)
            case UInt8(ascii: "e") where field.name.readableBytesEqual("error"):
                reply.error = ErrorObjectParser.failure(from: field.value)
            case UInt8(ascii: "l") where field.name.readableBytesEqual("latency_us"):
                reply.latencyMicros = DecimalText.parse(field.value)
            default:
                break
            }
        }
        self = reply
    }
}

/// Unsigned decimal integers in reply fields.
package enum DecimalText {
    /// The value of `bytes` as an unsigned decimal, nil if they are not one or it overflows.
    package static func parse(_ bytes: ByteBuffer) -> UInt64? {
        bytes.withUnsafeReadableBytes { parse($0[...]) }
    }

    /// The value of `digits` as an unsigned decimal, nil if they are not one or it overflows.
    static func parse(_ digits: Slice<UnsafeRawBufferPointer>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
