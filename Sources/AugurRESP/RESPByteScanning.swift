import NIOCore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Byte-level helpers shared by the decoders: line searches with `memchr` and integer parsing
/// straight from the buffer's memory, so the hot path neither copies nor checks bounds per byte.
enum RESPByteScanning {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// The offset from the reader index of the first `byte` in `[start, min(readable, end))`, if any.
    @inline(__always)
    static func firstOffset(of byte: UInt8, in buffer: ByteBuffer, from start: Int, to end: Int) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            let stop = Swift.min(raw.count, end)
            guard start < stop, let base = raw.baseAddress else { return nil }
            guard let hit = memchr(base + start, Int32(byte), stop - start) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
    }

    /// Parses `[from, to)` (offsets from the reader index) with Redis's `string2ll` rules: an optional
    /// `-`, no `+`, no leading zeros, no spaces, within Int64.
    @inline(__always)
    static func strictInteger(in buffer: ByteBuffer, from: Int, to: Int) -> Int64? {
        buffer.withUnsafeReadableBytes { raw -> Int64? in
            strictInteger(UnsafeRawBufferPointer(rebasing: raw[from..<to]))
        }
    }

    /// Redis's `string2ll` rules over raw bytes.
    static func strictInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        guard count > 0 else { return nil }
        if count == 1 && bytes[0] == UInt8(ascii: "0") { return 0 }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative {
            index = 1
            guard count > 1 else { return nil }
        }
        let first = bytes[index]
        guard first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") else { return nil }
        return accumulate(bytes, from: index, negative: negative)
    }

    /// A laxer parse for replies: an optional sign and at least one digit, leading zeros allowed.
    static func lenientInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        return accumulate(bytes, from: index, negative: negative)
    }

    private static func accumulate(_ bytes: UnsafeRawBufferPointer, from start: Int, negative: Bool) -> Int64? {
        var magnitude: UInt64 = 0
        for index in start..<bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
