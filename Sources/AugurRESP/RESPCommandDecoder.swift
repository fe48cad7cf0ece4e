import NIOCore

/// Splits the bytes a client sends into commands: multibulk (`*N\r\n$len\r\n...`) or inline
/// (`XLEN mystream\r\n`), with Redis's limits and exact protocol-error texts.
///
/// Arguments are slices of the received bytes. The decoder keeps its place inside a partly received
/// command (arguments already read, the pending bulk length, how far a line was searched), so bytes
/// arriving one at a time cost linear time overall.
///
/// Like Redis it skips the two bytes after a bulk payload without checking they are `\r\n`, and it
/// ignores empty inline lines and `*0`/`*-1` headers.
public struct RESPCommandDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPCommand

    /// Limits on what one client may send, with Redis's defaults.
    public struct Configuration: Sendable, Hashable {
        /// Largest bulk argument in bytes; default 512 MiB, Redis's `proto-max-bulk-len`.
        public var maxBulkLength: Int
        /// Most arguments in one multibulk command; default 1,048,576.
        public var maxArguments: Int
        /// Longest inline command line or `*`/`$` header line in bytes; default 64 KiB, Redis's `PROTO_INLINE_MAX_SIZE`.
        public var maxInlineLength: Int

        /// Creates limits; every parameter defaults to Redis's value.
        public init(maxBulkLength: Int = 512 * 1024 * 1024, maxArguments: Int = 1_048_576, maxInlineLength: Int = 64 * 1024) {
            self.maxBulkLength = maxBulkLength
            self.maxArguments = maxArguments
            self.maxInlineLength = maxInlineLength
        }
    }

    /// The limits this decoder enforces.
    public let configuration: Configuration

    /// Arguments of the multibulk command being received.
    private var arguments: [ByteBuffer] = []
    /// Arguments still expected for the current multibulk command; 0 between commands.
    private var remainingArguments = 0
    /// Length of the bulk argument whose payload is awaited; -1 while its `$` line is awaited.
    private var pendingBulkLength = -1
    /// Bytes after the reader index already searched for a line terminator without success.
    private var scannedBytes = 0
    /// Scratch space of the one-pass path, kept to avoid an allocation per command.
    private var spans: [Int] = []

    /// Creates a decoder with the given limits.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Decodes the next whole command, or returns nil when more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPCommand? {
        while remainingArguments == 0 {
            guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
            if first == UInt8(ascii: "*") {
                if let command = decodeCompleteCommand(&buffer) { return command }
                guard let count = try readMultibulkCount(&buffer) else { return nil }
                // Redis treats `*0` and `*-1` as nothing at all.
                guard count > 0 else { continue }
                remainingArguments = count
                arguments.reserveCapacity(Swift.min(count, 1024))
            } else {
                guard let words = try readInlineLine(&buffer) else { return nil }
                if !words.isEmpty { return RESPCommand(arguments: words) }
            }
        }
        while remainingArguments > 0 {
            if pendingBulkLength < 0 {
                guard let length = try readBulkLength(&buffer) else { return nil }
                pendingBulkLength = length
            }
            guard buffer.readableBytes >= pendingBulkLength + 2 else { return nil }
            arguments.append(buffer.readSlice(length: pendingBulkLength)!)
            buffer.moveReaderIndex(forwardBy: 2)
            pendingBulkLength = -1
            remainingArguments -= 1
        }
        let command = RESPCommand(arguments: arguments)
        arguments = []
        return command
    }

    /// Decodes a multibulk command that has fully arrived in one pass, or returns nil without consuming.
    private mutating func decodeCompleteCommand(_ buffer: inout ByteBuffer) -> RESPCommand? {
        spans.removeAll(keepingCapacity: true)
        let limits = configuration
        let size = buffer.withUnsafeReadableBytes { raw in
            Self.scanCompleteCommand(raw, maxArguments: limits.maxArguments, maxBulkLength: limits.maxBulkLength, spans: &spans)
        }
        guard let size else { return nil }
        var words: [ByteBuffer] = []
        words.reserveCapacity(spans.count / 2)
        let base = buffer.readerIndex
        var index = 0
        while index < spans.count {
            words.append(buffer.getSlice(at: base + spans[index], length: spans[index + 1])!)
            index += 2
        }
        buffer.moveReaderIndex(forwardBy: size)
        scannedBytes = 0
        return RESPCommand(arguments: words)
    }

    /// Same as `decode`: a partial command at EOF stays unread and the handler reports it.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPCommand? {
        try decode(buffer: &buffer)
    }

    /// Finds the `\r` ending a `*`/`$` header line, following Redis: the line may be at most
    /// `maxInlineLength` bytes and one byte must follow the `\r` (which Redis skips unchecked).
    private mutating func headerLineEnd(_ buffer: ByteBuffer, tooBig: RESPProtocolError) throws -> Int? {
        let window = configuration.maxInlineLength + 1
        guard let cr = RESPByteScanning.firstOffset(of: RESPByteScanning.cr, in: buffer, from: scannedBytes, to: window)
        else {
            if buffer.readableBytes >= window { throw tooBig }
            scannedBytes = buffer.readableBytes
            return nil
        }
        guard cr + 1 < buffer.readableBytes else {
            scannedBytes = cr
            return nil
        }
        scannedBytes = 0
        return cr
    }

    private mutating func readMultibulkCount(_ buffer: inout ByteBuffer) throws -> Int? {
        guard let cr = try headerLineEnd(buffer, tooBig: .tooBigMultibulkCountString) else { return nil }
        guard let count = RESPByteScanning.strictInteger(in: buffer, from: 1, to: cr),
            count <= Int64(configuration.maxArguments)
        else { throw RESPProtocolError.invalidMultibulkLength }
        buffer.moveReaderIndex(forwardBy: cr + 2)
        return Int(count)
    }

    private mutating func readBulkLength(_ buffer: inout ByteBuffer) throws -> Int? {
        guard let cr = try headerLineEnd(buffer, tooBig: .tooBigBulkCountString) else { return nil }
        let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        guard first == UInt8(ascii: "$") else { throw RESPProtocolError.expectedDollar(got: first) }
        guard let length = RESPByteScanning.strictInteger(in: buffer, from: 1, to: cr),
            length >= 0, length <= Int64(configuration.maxBulkLength)
        else { throw RESPProtocolError.invalidBulkLength }
        buffer.moveReaderIndex(forwardBy: cr + 2)
        return Int(length)
    }

    /// Reads one inline line (ended by `\n`, an optional `\r` before it) and splits it into words;
    /// an empty result means a blank line, which Redis ignores.
    private mutating func readInlineLine(_ buffer: inout ByteBuffer) throws -> [ByteBuffer]? {
        let limit = configuration.maxInlineLength
        let window = limit + 2
        guard let lf = RESPByteScanning.firstOffset(of: RESPByteScanning.lf, in: buffer, from: scannedBytes, to: window)
        else {
            if buffer.readableBytes >= window { throw RESPProtocolError.tooBigInlineRequest }
            scannedBytes = buffer.readableBytes
            return nil
        }
        scannedBytes = 0
        var contentLength = lf
        if lf > 0 && buffer.getInteger(at: buffer.readerIndex + lf - 1, as: UInt8.self) == RESPByteScanning.cr {
            contentLength -= 1
        }
        guard contentLength <= limit else { throw RESPProtocolError.tooBigInlineRequest }
        let line = buffer.getSlice(at: buffer.readerIndex, length: contentLength)!
        guard let words = RESPInlineSplitter.split(line) else { throw RESPProtocolError.unbalancedQuotes }
        buffer.moveReaderIndex(forwardBy: lf + 1)
        return words
    }
}
