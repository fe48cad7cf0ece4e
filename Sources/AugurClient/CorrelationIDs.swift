import NIOCore

/// The correlation ids one client gives its requests: `<random token>-<sequence number>`.
///
/// The sequence number is the key of the waiter table, so a result's id maps back to its waiter with
/// one prefix compare and one decimal parse, without hashing strings.
@usableFromInline
package struct CorrelationIDs: Sendable {
    /// `<token>-`, the same for every request of this client.
    let prefix: [UInt8]

    /// Ids with a fresh random token.
    package init() {
        prefix = Array((Self.randomToken() + "-").utf8)
    }

    /// The id of request number `sequence`.
    package func id(_ sequence: UInt64) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(prefix.count + 20)
        buffer.writeBytes(prefix)
        // Digits are produced backwards into a small stack tuple, then written in one go.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { out in
            var rest = sequence
            var index = out.count
            repeat {
                index -= 1
                out[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest != 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: out[index...]))
        }
        return buffer
    }

    /// The sequence number in `id`, nil when the id is not one of this client's.
    package func sequence(of id: ByteBuffer) -> UInt64? {
        id.withUnsafeReadableBytes { bytes in
            guard bytes.count > prefix.count, bytes.prefix(prefix.count).elementsEqual(prefix) else { return nil }
            return DecimalText.parse(bytes[prefix.count...])
        }
    }

    /// 16 random hexadecimal digits, for reply stream names and id prefixes.
    @usableFromInline
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
