import NIOCore

/// Decodes replies of every RESP2 and RESP3 type into `RESPValue`s, for clients and tests.
///
/// Aggregates are assembled on a stack of open frames, so a reply received in pieces is never parsed
/// twice. RESP2's `$-1` decodes to `.null` and `*-1` to `.nullArray`; RESP3's `_` to `.null`. Streamed
/// strings (`$?` with `;` chunks) arrive as one `.bulkString`, streamed aggregates (`*?` … `.`) as the
/// whole aggregate, and attributes (`|`) are read and dropped, since `RESPValue` has no place for them.
public struct RESPValueDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    /// Limits on one reply.
    public struct Configuration: Sendable, Hashable {
        /// Largest bulk, verbatim or blob-error payload in bytes; default 512 MiB like Redis's `proto-max-bulk-len`.
        public var maxBulkLength: Int
        /// Most elements (or pairs) in one aggregate; default 2^31 - 1 like Redis's multibulk bound,
        /// since replies (XRANGE without COUNT) can be far longer than commands.
        public var maxAggregateLength: Int
        /// Longest header, simple-string or error line in bytes; default 64 KiB.
        public var maxLineLength: Int
        /// Deepest nesting of aggregates; default 512.
        public var maxNestingDepth: Int

        /// Creates limits; every parameter has the documented default.
        public init(
            maxBulkLength: Int = 512 * 1024 * 1024,
            maxAggregateLength: Int = Int(Int32.max),
            maxLineLength: Int = 64 * 1024,
            maxNestingDepth: Int = 512
        ) {
            self.maxBulkLength = maxBulkLength
            self.maxAggregateLength = maxAggregateLength
            self.maxLineLength = maxLineLength
            self.maxNestingDepth = maxNestingDepth
        }
    }

    /// The kinds of aggregate a frame can be assembling.
    enum AggregateKind {
        case array, set, push, map, attribute
    }

    /// An aggregate whose elements are still arriving.
    struct Frame {
        enum Content {
            case aggregate(AggregateKind, elements: [RESPValue])
            case streamedString(ByteBuffer)
        }
        var content: Content
        /// Elements still expected; nil for streamed values, which end with a marker.
        var remaining: Int?
    }

    /// One complete token read from the buffer.
    enum Token {
        case value(RESPValue)
        case aggregateHeader(AggregateKind, count: Int?)
        case streamedStringHeader
        case chunk(ByteBuffer)
        case end
    }

    /// The limits this decoder enforces.
    public let configuration: Configuration
    var frames: [Frame] = []
    /// Bytes after the reader index already searched for `\r` without success.
    var scannedBytes = 0

    /// Creates a decoder with the given limits.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Decodes the next whole reply, or returns nil when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? {
        while true {
            guard let token = try readToken(&buffer) else { return nil }
            var completed: RESPValue
            switch token {
            case .value(let value):
                completed = value
            case .aggregateHeader(let kind, let count):
                if count == 0 {
                    if kind == .attribute { continue }
                    completed = Self.build(kind, [])
                } else {
                    let expected = count.map { kind == .map || kind == .attribute ? $0 * 2 : $0 }
                    var elements: [RESPValue] = []
                    elements.reserveCapacity(Swift.min(expected ?? 16, 1024))
                    try open(Frame(content: .aggregate(kind, elements: elements), remaining: expected))
                    continue
                }
            case .streamedStringHeader:
                try open(Frame(content: .streamedString(ByteBuffer()), remaining: nil))
                continue
            case .chunk(let bytes):
                guard case .streamedString(var collected) = frames.last?.content else {
                    throw RESPProtocolError.unexpectedStreamMarker
                }
                if bytes.readableBytes > 0 {
                    collected.writeImmutableBuffer(bytes)
                    frames[frames.count - 1].content = .streamedString(collected)
                    continue
                }
                frames.removeLast()
                completed = .bulkString(collected)
            case .end:
                guard let top = frames.last, top.remaining == nil, case .aggregate(let kind, let elements) = top.content
                else { throw RESPProtocolError.unexpectedStreamMarker }
                frames.removeLast()
                if kind == .map && elements.count % 2 != 0 { throw RESPProtocolError.incompleteMapPair }
                if kind == .attribute { continue }
                completed = Self.build(kind, elements)
            }
            if let reply = try fold(completed) { return reply }
        }
    }

    /// Same as `decode`: an incomplete reply at EOF stays unread.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? {
        try decode(buffer: &buffer)
    }

    private mutating func open(_ frame: Frame) throws {
        guard frames.count < configuration.maxNestingDepth else {
            throw RESPProtocolError.tooDeeplyNested(limit: configuration.maxNestingDepth)
        }
        frames.append(frame)
    }

    /// Adds a finished value to the open aggregates, closing each one it completes; returns the
    /// top-level reply once there is one.
    private mutating func fold(_ value: RESPValue) throws -> RESPValue? {
        var value = value
        while let index = frames.indices.last {
            guard case .aggregate(let kind, var elements) = frames[index].content else {
                throw RESPProtocolError.unexpectedStreamMarker
            }
            frames[index].content = .aggregate(kind, elements: [])  // keeps `elements` uniquely referenced
            elements.append(value)
            if let remaining = frames[index].remaining {
                if remaining > 1 {
                    frames[index].remaining = remaining - 1
                    frames[index].content = .aggregate(kind, elements: elements)
                    return nil
                }
            } else {
                frames[index].content = .aggregate(kind, elements: elements)
                return nil
            }
            frames.removeLast()
            // An attribute annotates the value after it; it is not an element of its parent.
            if kind == .attribute { return nil }
            value = Self.build(kind, elements)
        }
        return value
    }

    static func build(_ kind: AggregateKind, _ elements: [RESPValue]) -> RESPValue {
        switch kind {
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map, .attribute:
            var entries: [RESPMapEntry] = []
            entries.reserveCapacity(elements.count / 2)
            var index = 0
            while index + 1 < elements.count {
                entries.append(RESPMapEntry(elements[index], elements[index + 1]))
                index += 2
            }
            return .map(entries)
        }
    }
}
