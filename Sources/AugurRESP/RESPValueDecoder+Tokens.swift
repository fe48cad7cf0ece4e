import NIOCore

extension RESPValueDecoder {
    /// Reads one whole token (a scalar, an aggregate header, a chunk or an end marker), or returns
    /// nil without consuming anything when it has not fully arrived.
    mutating func readToken(_ buffer: inout ByteBuffer) throws -> Token? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard Self.isKnownType(type) else { throw RESPProtocolError.unknownReplyType(type) }
        guard let cr = try lineEnd(buffer) else { return nil }
        let content = buffer.getSlice(at: buffer.readerIndex + 1, length: cr - 1)!
        let lineLength = cr + 2

        switch type {
        case UInt8(ascii: "+"):
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.simpleString(String(buffer: content)))
        case UInt8(ascii: "-"):
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.error(String(buffer: content)))
        case UInt8(ascii: ":"):
            guard let number = Self.integer(content) else { throw RESPProtocolError.invalidInteger }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.integer(number))
        case UInt8(ascii: "_"):
            guard content.readableBytes == 0 else { throw RESPProtocolError.invalidNull }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.null)
        case UInt8(ascii: "."):
            guard content.readableBytes == 0 else { throw RESPProtocolError.invalidNull }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .end
        case UInt8(ascii: ","):
            guard let number = Self.double(String(buffer: content)) else { throw RESPProtocolError.invalidDouble }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.double(number))
        case UInt8(ascii: "#"):
            let flag: Bool
            switch String(buffer: content) {
            case "t": flag = true
            case "f": flag = false
            default: throw RESPProtocolError.invalidBoolean
            }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.boolean(flag))
        case UInt8(ascii: "("):
            let digits = String(buffer: content)
            guard Self.isBigNumber(digits) else { throw RESPProtocolError.invalidBigNumber }
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.bigNumber(digits))
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: ";"):
            return try readBlob(type: type, content: content, lineLength: lineLength, &buffer)
        default:
            return try readAggregateHeader(type: type, content: content, lineLength: lineLength, &buffer)
        }
    }

    private static func isKnownType(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "*"),
            UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("), UInt8(ascii: "="),
            UInt8(ascii: "!"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"),
            UInt8(ascii: ";"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Finds the `\r` of the `\r\n` ending the line at the reader index.
    private mutating func lineEnd(_ buffer: ByteBuffer) throws -> Int? {
        let window = configuration.maxLineLength + 2
        guard let cr = RESPByteScanning.firstOffset(of: RESPByteScanning.cr, in: buffer, from: scannedBytes, to: window)
        else {
            if buffer.readableBytes >= window { throw RESPProtocolError.tooLongReplyLine }
            scannedBytes = buffer.readableBytes
            return nil
        }
        guard let lf = buffer.getInteger(at: buffer.readerIndex + cr + 1, as: UInt8.self) else {
            scannedBytes = cr
            return nil
        }
        guard lf == RESPByteScanning.lf else { throw RESPProtocolError.missingLineTerminator }
        scannedBytes = 0
        return cr
    }

    /// Reads a length-prefixed payload: bulk string, verbatim string, blob error or streamed chunk.
    private mutating func readBlob(type: UInt8, content: ByteBuffer, lineLength: Int, _ buffer: inout ByteBuffer) throws -> Token? {
        if type == UInt8(ascii: "$") {
            if content.readableBytesEqual("?") {
                buffer.moveReaderIndex(forwardBy: lineLength)
                return .streamedStringHeader
            }
            if content.readableBytesEqual("-1") {
                buffer.moveReaderIndex(forwardBy: lineLength)
                return .value(.null)
            }
        }
        guard let length = Self.integer(content), length >= 0, length <= configuration.maxBulkLength else {
            throw RESPProtocolError.invalidReplyLength
        }
        if type == UInt8(ascii: ";") && length == 0 {
            // The last chunk of a streamed string is the bare line `;0`, with no payload terminator.
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .chunk(ByteBuffer())
        }
        let total = lineLength + Int(length) + 2
        guard buffer.readableBytes >= total else { return nil }
        guard buffer.getInteger(at: buffer.readerIndex + total - 2, as: UInt16.self) == 0x0D0A else {
            throw RESPProtocolError.missingLineTerminator
        }
        var payload = buffer.getSlice(at: buffer.readerIndex + lineLength, length: Int(length))!
        let token: Token
        switch type {
        case UInt8(ascii: "$"):
            token = .value(.bulkString(payload))
        case UInt8(ascii: "!"):
            token = .value(.blobError(payload))
        case UInt8(ascii: ";"):
            token = .chunk(payload)
        default:
            guard payload.readableBytes >= 4, payload.getInteger(at: payload.readerIndex + 3, as: UInt8.self) == UInt8(ascii: ":")
            else { throw RESPProtocolError.invalidVerbatimString }
            let format = payload.readString(length: 3)!
            payload.moveReaderIndex(forwardBy: 1)
            token = .value(.verbatimString(format: format, text: payload))
        }
        buffer.moveReaderIndex(forwardBy: total)
        return token
    }

    private mutating func readAggregateHeader(type: UInt8, content: ByteBuffer, lineLength: Int, _ buffer: inout ByteBuffer) throws -> Token? {
        let kind: AggregateKind
        switch type {
        case UInt8(ascii: "*"): kind = .array
        case UInt8(ascii: "~"): kind = .set
        case UInt8(ascii: ">"): kind = .push
        case UInt8(ascii: "%"): kind = .map
        default: kind = .attribute
        }
        if kind != .attribute && content.readableBytesEqual("?") {
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .aggregateHeader(kind, count: nil)
        }
        if kind == .array && content.readableBytesEqual("-1") {
            buffer.moveReaderIndex(forwardBy: lineLength)
            return .value(.nullArray)
        }
        guard let count = Self.integer(content), count >= 0, count <= configuration.maxAggregateLength else {
            throw RESPProtocolError.invalidReplyLength
        }
        buffer.moveReaderIndex(forwardBy: lineLength)
        return .aggregateHeader(kind, count: Int(count))
    }

    private static func integer(_ content: ByteBuffer) -> Int64? {
        content.withUnsafeReadableBytes { RESPByteScanning.lenientInteger($0) }
    }

    private static func double(_ text: String) -> Double? {
        switch text {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan", "-nan": return .nan
        default:
            // Swift also accepts spellings such as "0x1p3" or "infinity" that RESP does not use.
            guard let first = text.utf8.first,
                first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                    || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
                !text.contains("x"), !text.contains("X"), !text.lowercased().contains("n")
            else { return nil }
            return Double(text)
        }
    }

    private static func isBigNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
