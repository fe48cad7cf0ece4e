import NIOCore

/// A stream entry id: milliseconds and a sequence number, ordered numerically (`1526919030474-55`).
public struct StreamID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The millisecond part.
    public var ms: UInt64
    /// The sequence part.
    public var seq: UInt64

    /// Creates an id from its two parts.
    @inlinable
    public init(ms: UInt64, seq: UInt64) {
        self.ms = ms
        self.seq = seq
    }

    /// `0-0`, the smallest id; no entry may have it.
    public static let zero = StreamID(ms: 0, seq: 0)
    /// The largest representable id.
    public static let max = StreamID(ms: .max, seq: .max)

    @inlinable
    public static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        lhs.ms != rhs.ms ? lhs.ms < rhs.ms : lhs.seq < rhs.seq
    }

    /// The next id, or nil when this is the largest one.
    @inlinable
    public var successor: StreamID? {
        if seq != .max { return StreamID(ms: ms, seq: seq + 1) }
        if ms != .max { return StreamID(ms: ms + 1, seq: 0) }
        return nil
    }

    /// The previous id, or nil when this is `0-0`.
    @inlinable
    public var predecessor: StreamID? {
        if seq != 0 { return StreamID(ms: ms, seq: seq - 1) }
        if ms != 0 { return StreamID(ms: ms - 1, seq: .max) }
        return nil
    }

    /// True for `0-0`.
    @inlinable
    public var isZero: Bool { ms == 0 && seq == 0 }

    /// The `ms-seq` text.
    public var description: String { "\(ms)-\(seq)" }

    /// Writes the `ms-seq` text as ASCII digits.
    @inlinable
    public func write(into buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 41) { raw in
            var o = StreamID.writeDecimal(ms, to: raw, at: 0)
            raw[o] = UInt8(ascii: "-")
            o = StreamID.writeDecimal(seq, to: raw, at: o + 1)
            return o
        }
    }

    /// Writes `value` in decimal at `offset`; returns the offset after the last digit.
    @inlinable
    static func writeDecimal(_ value: UInt64, to raw: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var v = value
        var i = offset + digits
        repeat {
            i -= 1
            raw[i] = UInt8(truncatingIfNeeded: v % 10) &+ 48
            v /= 10
        } while v > 0
        return offset + digits
    }

    @usableFromInline static let allocator = ByteBufferAllocator()

    /// The `ms-seq` text in a buffer of its own.
    @inlinable
    public var bytes: ByteBuffer {
        var buffer = StreamID.allocator.buffer(capacity: 41)
        write(into: &buffer)
        return buffer
    }

}
