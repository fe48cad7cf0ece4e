/// A violation of the Redis serialization protocol, found while decoding a command or a reply.
///
/// The command-side cases carry the exact texts Redis sends before it closes the connection, so a
/// client sees the same error from Augur as from Redis.
public enum RESPProtocolError: Error, Sendable, Equatable {
    /// An inline command line is longer than the configured limit (`maxInlineLength`).
    case tooBigInlineRequest
    /// An inline command has a quote that is not closed, or a closing quote not followed by a space.
    case unbalancedQuotes
    /// A `*<count>` line is longer than the configured limit without its `\r`.
    case tooBigMultibulkCountString
    /// A `*<count>` line is not a valid integer or exceeds `maxArguments`.
    case invalidMultibulkLength
    /// A `$<length>` line is longer than the configured limit without its `\r`.
    case tooBigBulkCountString
    /// An argument of a multibulk command does not start with `$`; carries the byte found instead.
    case expectedDollar(got: UInt8)
    /// A `$<length>` line is not a valid integer, is negative, or exceeds `maxBulkLength`.
    case invalidBulkLength
    /// A reply starts with a byte that is no RESP2/RESP3 type.
    case unknownReplyType(UInt8)
    /// A reply's header line is longer than the configured limit.
    case tooLongReplyLine
    /// A reply line or bulk payload is not terminated by `\r\n`.
    case missingLineTerminator
    /// A reply's length or element count is malformed, negative where not allowed, or beyond the limits.
    case invalidReplyLength
    /// An integer reply (`:`) is not a valid signed 64-bit decimal.
    case invalidInteger
    /// A double reply (`,`) is not a decimal, `inf`, `-inf` or `nan`.
    case invalidDouble
    /// A boolean reply (`#`) is neither `t` nor `f`.
    case invalidBoolean
    /// A big number reply (`(`) is not an optionally signed run of digits.
    case invalidBigNumber
    /// A verbatim string (`=`) lacks its three-letter format and colon.
    case invalidVerbatimString
    /// A null (`_`) or stream end (`.`) line carries unexpected text.
    case invalidNull
    /// A reply nests aggregates deeper than the configured limit.
    case tooDeeplyNested(limit: Int)
    /// A streamed-type marker (`;` chunk or `.` end) appears where no streamed value is open.
    case unexpectedStreamMarker
    /// A streamed map ended after an odd number of elements.
    case incompleteMapPair

    /// The message without the `ERR ` prefix, e.g. `Protocol error: invalid bulk length`.
    public var message: String {
        switch self {
        case .tooBigInlineRequest: "Protocol error: too big inline request"
        case .unbalancedQuotes: "Protocol error: unbalanced quotes in request"
        case .tooBigMultibulkCountString: "Protocol error: too big mbulk count string"
        case .invalidMultibulkLength: "Protocol error: invalid multibulk length"
        case .tooBigBulkCountString: "Protocol error: too big bulk count string"
        case .expectedDollar(let byte): "Protocol error: expected '$', got '\(Self.printable(byte))'"
        case .invalidBulkLength: "Protocol error: invalid bulk length"
        case .unknownReplyType(let byte): "Protocol error: unknown reply type byte '\(Self.printable(byte))'"
        case .tooLongReplyLine: "Protocol error: reply line too long"
        case .missingLineTerminator: "Protocol error: expected CRLF line terminator"
        case .invalidReplyLength: "Protocol error: invalid reply length"
        case .invalidInteger: "Protocol error: invalid integer reply"
        case .invalidDouble: "Protocol error: invalid double reply"
        case .invalidBoolean: "Protocol error: invalid boolean reply"
        case .invalidBigNumber: "Protocol error: invalid big number reply"
        case .invalidVerbatimString: "Protocol error: verbatim string without a format prefix"
        case .invalidNull: "Protocol error: invalid null or end marker"
        case .tooDeeplyNested(let limit): "Protocol error: reply nested deeper than \(limit) levels"
        case .unexpectedStreamMarker: "Protocol error: streamed chunk or end marker outside a streamed value"
        case .incompleteMapPair: "Protocol error: streamed map with a key but no value"
        }
    }

    /// The error reply text the server sends before closing: `ERR Protocol error: ...`.
    public var replyText: String { "ERR " + message }

    /// Renders one byte the way it reaches the client: Redis replaces line breaks in errors with spaces.
    private static func printable(_ byte: UInt8) -> String {
        if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") { return " " }
        return String(Character(Unicode.Scalar(byte)))
    }
}

extension RESPProtocolError: CustomStringConvertible {
    /// The same text as `message`.
    public var description: String { message }
}
