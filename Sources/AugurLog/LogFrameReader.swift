import NIOCore

/// Reads frames from a log file in order through a chunked buffer, stopping at the first damaged frame.
struct LogFrameReader {
    enum Outcome {
        /// An intact record: its payload in a buffer of its own (never a slice of the read buffer, so a
        /// consumer that keeps it does not pin a whole chunk).
        case record(ByteBuffer)
        /// The file ends exactly after the last frame.
        case end
        /// The frame starting at `offset` is damaged; `length` is its length field when it was readable.
        case damaged(LogDamageKind, offset: Int64, length: Int?)
    }

    private static let chunkSize = 1 << 20

    private let file: LogFile
    private let fileSize: Int64
    private var buffer: ByteBuffer
    /// File offset of `buffer.readerIndex`.
    private(set) var position: Int64
    /// File offset of the next byte to read into the buffer.
    private var readOffset: Int64

    init(file: LogFile, fileSize: Int64, startingAt offset: Int64) {
        self.file = file
        self.fileSize = fileSize
        self.buffer = ByteBufferAllocator().buffer(capacity: 0)
        self.position = offset
        self.readOffset = offset
    }

    /// The next record, the clean end, or the damage that stops the log.
    mutating func next() throws -> Outcome {
        if position == fileSize { return .end }
        let remaining = fileSize - position
        guard remaining >= Int64(LogFormat.frameHeaderLength),
            try fill(LogFormat.frameHeaderLength)
        else { return .damaged(.truncatedFrame, offset: position, length: nil) }
        let length = Int(buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self)!)
        let expected = buffer.getInteger(at: buffer.readerIndex + 4, endianness: .little, as: UInt32.self)!
        guard length > 0, length <= LogFormat.maximumRecordLength else {
            return .damaged(.implausibleLength, offset: position, length: nil)
        }
        let frameLength = LogFormat.frameHeaderLength + length
        guard Int64(frameLength) <= remaining, try fill(frameLength) else {
            return .damaged(.truncatedFrame, offset: position, length: length)
        }
        let record: ByteBuffer? = buffer.withUnsafeReadableBytes { bytes in
            let payload = UnsafeRawBufferPointer(rebasing: bytes[LogFormat.frameHeaderLength..<frameLength])
            guard CRC32C.checksum(payload) == expected else { return nil }
            var copy = ByteBufferAllocator().buffer(capacity: length)
            copy.writeBytes(payload)
            return copy
        }
        guard let record else { return .damaged(.checksumMismatch, offset: position, length: length) }
        buffer.moveReaderIndex(forwardBy: frameLength)
        position += Int64(frameLength)
        return .record(record)
    }

    /// Makes at least `count` bytes readable; false if the file ends first.
    private mutating func fill(_ count: Int) throws -> Bool {
        while buffer.readableBytes < count {
            if buffer.readerIndex > 0 && buffer.readerIndex >= buffer.capacity / 2 {
                buffer.discardReadBytes()
            }
            let want = max(Self.chunkSize, count - buffer.readableBytes)
            let toRead = Int(min(Int64(want), fileSize - readOffset))
            if toRead <= 0 { return false }
            let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: toRead) { destination in
                try file.read(into: UnsafeMutableRawBufferPointer(rebasing: destination[0..<toRead]), at: readOffset)
            }
            if got == 0 { return false }
            readOffset += Int64(got)
        }
        return true
    }
}
