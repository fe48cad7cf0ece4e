import NIOCore

/// RESP3-only kinds in the shape a RESP2 client receives them, for clients that take replies as values
/// rather than bytes (the broker's in-process sessions): the same downgrades `RESPValueEncoder` applies.
extension RESPValue {
    /// This value as a RESP2 client would decode it; `self` (no copy) when it holds no RESP3-only kind.
    public var resp2Shape: RESPValue {
        isRESP2 ? self : downgraded
    }

    private var isRESP2: Bool {
        switch self {
        // `.null` is RESP2's `$-1` as decoders read it back.
        case .simpleString, .error, .integer, .bulkString, .null, .nullArray: return true
        case .array(let elements): return elements.allSatisfy(\.isRESP2)
        case .double, .boolean, .bigNumber, .verbatimString, .map, .set, .push, .blobError: return false
        }
    }

    private var downgraded: RESPValue {
        switch self {
        case .simpleString, .error, .integer, .bulkString, .null, .nullArray: return self
        case .array(let elements): return .array(elements.map(\.resp2Shape))
        case .double(let number): return .bulkString(ByteBuffer(string: RESPDoubleFormat.text(for: number)))
        case .boolean(let flag): return .integer(flag ? 1 : 0)
        case .bigNumber(let digits): return .bulkString(ByteBuffer(string: digits))
        case .verbatimString(_, let text): return .bulkString(text)
        case .map(let entries): return .array(entries.flatMap { [$0.key.resp2Shape, $0.value.resp2Shape] })
        case .set(let elements), .push(let elements): return .array(elements.map(\.resp2Shape))
        case .blobError(let bytes): return .error(String(buffer: bytes))
        }
    }
}
