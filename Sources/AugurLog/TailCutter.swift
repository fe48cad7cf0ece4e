import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a damaged tail off the log: saves the bytes to `<file>.corrupt-<timestamp>`, then truncates the log
/// at the last intact frame, so replay never stops on the same damage twice and nothing is destroyed silently.
struct TailCutter {
    let path: String
    let reader: LogFile
    let appender: LogFile
    let directory: DirectoryLock
    let logger: Logger

    func cut(kind: LogDamageKind, offset: Int64, length: Int?, fileSize: Int64) throws -> LogDamage {
        let intactAfter = try countIntactFrames(kind: kind, offset: offset, length: length, fileSize: fileSize)
        let copyPath = try saveCopy(from: offset, to: fileSize)
        try appender.truncate(to: offset)
        try appender.sync()
        let damage = LogDamage(
            kind: kind, offset: offset, droppedBytes: fileSize - offset, intactRecordsAfter: intactAfter,
            copyPath: copyPath)
        logger.error(
            "append log \(path): \(damage)",
            metadata: [
                "droppedBytes": "\(damage.droppedBytes)", "droppedRecords": "\(damage.droppedRecords)",
                "offset": "\(offset)", "copy": "\(copyPath)",
            ])
        return damage
    }

    /// Walks the frames after a checksum mismatch, whose length still tells where the next frame starts.
    private func countIntactFrames(kind: LogDamageKind, offset: Int64, length: Int?, fileSize: Int64) throws -> Int? {
        switch kind {
        case .truncatedFrame: return 0
        case .implausibleLength: return nil
        case .checksumMismatch:
            guard let length else { return nil }
            var walker = LogFrameReader(
                file: reader, fileSize: fileSize, startingAt: offset + Int64(LogFormat.frameHeaderLength + length))
            var count = 0
            while case .record = try walker.next() { count += 1 }
            return count
        }
    }

    private func saveCopy(from offset: Int64, to end: Int64) throws -> String {
        let copyPath = uniqueCopyPath()
        let copy = try LogFile.openForAppend(path: copyPath, truncate: true)
        var position = offset
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while position < end {
            let want = Int(min(Int64(chunk.count), end - position))
            let got = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk[0..<want]), at: position)
            if got == 0 { break }
            try copy.writeAll(UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
            position += Int64(got)
        }
        try copy.sync()
        try directory.sync()
        return copyPath
    }

    private func uniqueCopyPath() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let written = strftime(&text, text.count, "%Y%m%dT%H%M%SZ", &parts)
        let stamp = String(decoding: text[0..<written].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var candidate = "\(path).corrupt-\(stamp)"
        var suffix = 1
        while FileSystem.exists(candidate) {
            candidate = "\(path).corrupt-\(stamp)-\(suffix)"
            suffix += 1
        }
        return candidate
    }
}
