import NIOCore

/// One value of the Redis serialization protocol, RESP2 or RESP3.
///
/// Replies are built once as `RESPValue` and written by `RESPValueEncoder` in the protocol
/// version the connection negotiated (HELLO): RESP3-only kinds are downgraded for RESP2
/// clients the way Redis does it (maps become flat arrays, `null` becomes `$-1`, doubles
/// become bulk strings, booleans become integers, sets and pushes become arrays).
public enum RESPValue: Sendable, Equatable {
    /// `+text` — a status reply such as `OK`.
    case simpleString(String)
    /// `-PREFIX message` — an error reply; the text includes its prefix (`ERR`, `WRONGTYPE`, …).
    case error(String)
    /// `:n` — a signed 64-bit integer.
    case integer(Int64)
    /// `$len` — binary-safe bytes.
    case bulkString(ByteBuffer)
    /// `*n` — an ordered list of values.
    case array([RESPValue])
    /// The null reply: `_` in RESP3, `$-1` (null bulk) in RESP2.
    case null
    /// The null array: `_` in RESP3, `*-1` in RESP2 (XREAD's timeout reply, for example).
    case nullArray
    /// `,d` — a double (RESP3); a bulk string in RESP2.
    case double(Double)
    /// `#t`/`#f` — a boolean (RESP3); `:1`/`:0` in RESP2.
    case boolean(Bool)
    /// `(n` — a big number kept as its decimal text (RESP3); a bulk string in RESP2.
    case bigNumber(String)
    /// `=len` — a verbatim string with a three-letter format such as `txt` (RESP3); a bulk string in RESP2.
    case verbatimString(format: String, text: ByteBuffer)
    /// `%n` — key/value pairs in order (RESP3); a flat array of 2n values in RESP2.
    case map([RESPMapEntry])
    /// `~n` — an unordered collection (RESP3); an array in RESP2.
    case set([RESPValue])
    /// `>n` — an out-of-band push message (RESP3); an array in RESP2.
    case push([RESPValue])
    /// `!len` — a binary-safe error (RESP3); an error in RESP2.
    case blobError(ByteBuffer)
}

/// One key/value pair of a RESP3 map, kept in the order the server wrote it.
public struct RESPMapEntry: Sendable, Equatable {
    /// The key, usually a bulk or simple string.
    public var key: RESPValue
    /// The value for `key`.
    public var value: RESPValue

    /// Creates a pair.
    public init(_ key: RESPValue, _ value: RESPValue) {
        self.key = key
        self.value = value
    }
}

extension RESPValue {
    /// A bulk string holding the UTF-8 bytes of `string`.
    public static func bulk(_ string: String) -> RESPValue {
        .bulkString(ByteBuffer(string: string))
    }

    /// The `+OK` status reply.
    public static let ok = RESPValue.simpleString("OK")
}
