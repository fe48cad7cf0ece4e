import NIOCore

/// A stream entry id, `<milliseconds>-<sequence>`, parsed straight from reply bytes.
public struct StreamID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The millisecond part.
    public var milliseconds: UInt64
    /// The sequence number within that millisecond.
    public var sequence: UInt64

    /// The smallest id, `0-0`.
    public static let zero = StreamID(milliseconds: 0, sequence: 0)
    /// The largest id.
    public static let max = StreamID(milliseconds: .max, sequence: .max)

    /// Creates an id from its parts.
    public init(milliseconds: UInt64, sequence: UInt64) {
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    /// Parses `ms-seq` (or a bare `ms`, sequence 0); nil if the text is no valid id.
    public init?(_ text: String) {
        var text = text
        guard let id = text.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// Parses the readable bytes of `bytes` as `ms-seq`; nil if they are no valid id.
    public init?(bytes: ByteBuffer) {
        guard let id = bytes.withUnsafeReadableBytes({ Self.parse($0) }) else { return nil }
        self = id
    }

    /// `ms-seq`, as the server writes it.
    public var description: String { "\(milliseconds)-\(sequence)" }

    /// The id's text as bytes, for command arguments.
    public var bytes: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(41)
        write(into: &buffer)
        return buffer
    }

    /// Appends `ms-seq` to `buffer` without building a String.
    public func write(into buffer: inout ByteBuffer) {
        Self.writeDecimal(milliseconds, into: &buffer)
        buffer.writeInteger(UInt8(ascii: "-"))
        Self.writeDecimal(sequence, into: &buffer)
    }

    /// Orders ids as the stream does: by milliseconds, then sequence.
    public static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> StreamID? {
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")) else {
            return decimal(bytes[...]).map { StreamID(milliseconds: $0, sequence: 0) }
        }
        guard let milliseconds = decimal(bytes[..<dash]), let sequence = decimal(bytes[(dash + 1)...]) else {
            return nil
        }
        return StreamID(milliseconds: milliseconds, sequence: sequence)
    }

    private static func decimal(_ digits: Slice<UnsafeRawBufferPointer>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    private static func writeDecimal(_ value: UInt64, into buffer: inout ByteBuffer) {
        var digits: (UInt64, Int) = (value, 1)
        while digits.0 >= 10 {
            digits.0 /= 10
            digits.1 += 1
        }
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: digits.1) { out in
            var rest = value
            var index = digits.1 - 1
            repeat {
                out[index] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
                index -= 1
            } while rest != 0
            return digits.1
        }
    }
}
