import NIOCore

/// What an id argument of XADD asks for.
public enum StreamIDRequest: Equatable, Sendable {
    /// `*`: the engine picks the id from the clock.
    case auto
    /// `ms-*`: the given milliseconds with the next free sequence.
    case autoSequence(ms: UInt64)
    /// `ms-seq` or `ms` (sequence 0).
    case explicit(StreamID)
}

/// Parsing of stream ids from argument bytes, without going through `String`.
public enum StreamIDParser {
    /// Parses an unsigned decimal with no sign and no leading `+`; nil on any other byte or overflow.
    @inlinable
    public static func parseUInt64(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        if bytes.isEmpty || bytes.count > 20 { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- 48
            if digit > 9 { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = a
        }
        return value
    }

    /// Parses `ms-seq` or `ms` (the missing sequence becomes `missingSequence`); `-`/`+` only if allowed.
    @inlinable
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, missingSequence: UInt64, allowSpecial: Bool = true
    ) -> StreamID? {
        if bytes.count == 1 && allowSpecial {
            if bytes[0] == UInt8(ascii: "-") { return .zero }
            if bytes[0] == UInt8(ascii: "+") { return .max }
        }
        if let dash = bytes.firstIndex(of: UInt8(ascii: "-")) {
            guard let ms = parseUInt64(UnsafeRawBufferPointer(rebasing: bytes[..<dash])),
                let seq = parseUInt64(UnsafeRawBufferPointer(rebasing: bytes[(dash + 1)...]))
            else { return nil }
            return StreamID(ms: ms, seq: seq)
        }
        guard let ms = parseUInt64(bytes) else { return nil }
        return StreamID(ms: ms, seq: missingSequence)
    }

    /// Parses a plain id (`ms-seq` or `ms`), as XACK, XCLAIM and XGROUP take them: no `-`/`+`.
    @inlinable
    public static func parseStrict(_ buffer: ByteBuffer) -> StreamID? {
        buffer.withUnsafeReadableBytes { parse($0, missingSequence: 0, allowSpecial: false) }
    }

    /// Parses a range bound: `-`, `+`, `ms`, `ms-seq`, each optionally prefixed by `(` for an exclusive bound.
    /// A missing sequence is 0 for a start and the maximum for an end, as XRANGE documents.
    /// Returns the id and whether it was exclusive; nil when malformed (`(-` and `(+` are malformed).
    @inlinable
    public static func parseBound(_ buffer: ByteBuffer, isEnd: Bool) -> (id: StreamID, exclusive: Bool)? {
        buffer.withUnsafeReadableBytes { raw in
            let missing: UInt64 = isEnd ? .max : 0
            if raw.first == UInt8(ascii: "(") && raw.count > 1 {
                let rest = UnsafeRawBufferPointer(rebasing: raw[1...])
                guard let id = parse(rest, missingSequence: missing, allowSpecial: false) else { return nil }
                return (id, true)
            }
            guard let id = parse(raw, missingSequence: missing) else { return nil }
            return (id, false)
        }
    }

    /// Parses XADD's id argument: `*`, `ms-*`, `ms-seq` or `ms`.
    @inlinable
    public static func parseRequest(_ buffer: ByteBuffer) -> StreamIDRequest? {
        buffer.withUnsafeReadableBytes { raw in
            if raw.count == 1 && raw[0] == UInt8(ascii: "*") { return .auto }
            if raw.count >= 3 && raw[raw.count - 1] == UInt8(ascii: "*") && raw[raw.count - 2] == UInt8(ascii: "-") {
                guard let ms = parseUInt64(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 2)])) else {
                    return nil
                }
                return .autoSequence(ms: ms)
            }
            guard let id = parse(raw, missingSequence: 0, allowSpecial: false) else { return nil }
            return .explicit(id)
        }
    }
}
