import Crypto
import NIOCore

/// Inputs or outputs as the configured mode keeps them.
enum RenderedPayload {
    /// The raw bytes (full mode).
    case raw(ByteBuffer)
    /// `sha256:<hex>` of the raw bytes (hash mode).
    case digest(String)

    /// The payload for `bytes` under `mode`; nil when the mode keeps nothing or there were no bytes.
    init?(_ bytes: ByteBuffer?, mode: InferencePayloadMode) {
        guard let bytes else { return nil }
        switch mode {
        case .none: return nil
        case .full: self = .raw(bytes)
        case .hash: self = .digest(Self.sha256(of: bytes))
        }
    }

    /// `sha256:` and the lowercase hex digest of exactly the readable bytes of `bytes`.
    static func sha256(of bytes: ByteBuffer) -> String {
        let digest = bytes.withUnsafeReadableBytes { SHA256.hash(data: $0) }
        var text = "sha256:"
        text.reserveCapacity(7 + 64)
        let hex = Array("0123456789abcdef".utf8)
        for byte in digest {
            text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
            text.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0f)]))
        }
        return text
    }

    /// The value as a stream field.
    var fieldValue: ByteBuffer {
        switch self {
        case .raw(let bytes): bytes
        case .digest(let text): ByteBuffer(string: text)
        }
    }
}
