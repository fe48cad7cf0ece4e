import NIOCore

@testable import AugurRESP

/// What feeding bytes to a decoder produced: the decoded messages, and the error if one was thrown.
struct FeedResult<Message> {
    var messages: [Message] = []
    var error: RESPProtocolError?
    var leftoverBytes = 0
}

/// Feeds `chunks` to `decoder` the way `ByteToMessageHandler` does: append each chunk to one buffer and
/// decode until the decoder asks for more data; stops at the first error.
func feed<Decoder: NIOSingleStepByteToMessageDecoder>(
    _ decoder: inout Decoder,
    chunks: [[UInt8]]
) -> FeedResult<Decoder.InboundOut> {
    var result = FeedResult<Decoder.InboundOut>()
    var buffer = ByteBuffer()
    for chunk in chunks {
        buffer.writeBytes(chunk)
        do {
            while let message = try decoder.decode(buffer: &buffer) {
                result.messages.append(message)
            }
        } catch let error as RESPProtocolError {
            result.error = error
            break
        } catch {
            preconditionFailure("decoders throw only RESPProtocolError, got \(error)")
        }
        // Compacting as the handler does proves slices do not depend on reader indices.
        buffer.discardReadBytes()
    }
    result.leftoverBytes = buffer.readableBytes
    return result
}

/// Splits `bytes` into chunks of the given sizes (the last chunk takes the rest).
func split(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var start = 0
    for size in sizes where start < bytes.count {
        let end = min(bytes.count, start + size)
        chunks.append(Array(bytes[start..<end]))
        start = end
    }
    if start < bytes.count { chunks.append(Array(bytes[start...])) }
    return chunks
}

/// Every way the tests cut input: all at once, byte by byte, and seeded random splits.
func chunkings(of bytes: [UInt8], randomSplits: Int = 20, seed: UInt64 = 42) -> [[[UInt8]]] {
    var result: [[[UInt8]]] = [[bytes], bytes.map { [$0] }]
    var generator = SplitMix64(seed: seed)
    for _ in 0..<randomSplits {
        var sizes: [Int] = []
        var total = 0
        while total < bytes.count {
            let size = Int.random(in: 1...max(1, min(64, bytes.count)), using: &generator)
            sizes.append(size)
            total += size
        }
        result.append(split(bytes, sizes: sizes))
    }
    return result
}

/// A small deterministic generator so random tests reproduce exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The UTF-8 bytes of `string`.
func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

extension RESPCommand {
    /// The arguments as strings, for readable expectations.
    var words: [String] { arguments.map { String(buffer: $0) } }
}

/// Encodes `value` to bytes for `version`.
func encoded(_ value: RESPValue, _ version: RESPProtocolVersion) -> [UInt8] {
    var buffer = ByteBuffer()
    RESPValueEncoder.write(value, protocolVersion: version, into: &buffer)
    return Array(buffer.readableBytesView)
}

/// The wire text of `value` for `version`.
func wire(_ value: RESPValue, _ version: RESPProtocolVersion) -> String {
    String(decoding: encoded(value, version), as: UTF8.self)
}
