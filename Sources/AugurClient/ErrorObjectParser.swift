import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads the `error` field of a result, `{"code": "…", "message": "…"}`; only failed results pay for it.
package enum ErrorObjectParser {
    private struct ErrorObject: Decodable {
        var code: String
        var message: String?
    }

    /// The failure the field describes; text that is not such an object is kept whole as the message.
    package static func failure(from bytes: ByteBuffer) -> PredictionReply.Failure {
        let data = Data(bytes.readableBytesView)
        if let object = try? JSONDecoder().decode(ErrorObject.self, from: data) {
            return PredictionReply.Failure(code: object.code, message: object.message ?? "")
        }
        return PredictionReply.Failure(code: "unparsed_error", message: String(buffer: bytes))
    }
}
