import Dispatch
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor with the few calls the log needs, each retried on EINTR and completed across
/// partial transfers. Closes itself when the last reference goes, so the background fsync thread can keep
/// syncing a file the owner has just switched away from without the descriptor being reused under it.
final class LogFile: @unchecked Sendable {
    // Sendable because the descriptor never changes and every operation is a thread-safe system call.
    let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Closing the last descriptor of a replaced log frees all its blocks, which takes tens of milliseconds
    /// for a large file, so the close happens here rather than on whichever thread dropped the last reference.
    private static let closer = DispatchQueue(label: "augur.appendlog.close", qos: .utility)

    deinit {
        let descriptor = descriptor
        Self.closer.async { _ = close(descriptor) }
    }

    /// Opens for appending, creating the file if needed.
    static func openForAppend(path: String, truncate: Bool = false) throws -> LogFile {
        var flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC
        if truncate { flags |= O_TRUNC }
        return try open(path: path, flags: flags)
    }

    /// Opens read-only.
    static func openForReading(path: String) throws -> LogFile {
        try open(path: path, flags: O_RDONLY | O_CLOEXEC)
    }

    private static func open(path: String, flags: Int32) throws -> LogFile {
        let descriptor = retryingEINTR { systemOpen(path, flags, 0o644) }
        guard descriptor >= 0 else { throw AppendLogError.systemCallFailed(call: "open", path: path, errno: errno) }
        return LogFile(descriptor: descriptor, path: path)
    }

    /// Writes every byte, looping over partial writes.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw AppendLogError.systemCallFailed(call: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Writes `buffer`'s readable bytes.
    func writeAll(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { try writeAll($0) }
    }

    /// Reads up to `destination.count` bytes at `offset`; fewer only at end of file.
    func read(into destination: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        var total = 0
        while total < destination.count {
            let got = pread(descriptor, destination.baseAddress! + total, destination.count - total, off_t(offset) + off_t(total))
            if got < 0 {
                if errno == EINTR { continue }
                throw AppendLogError.systemCallFailed(call: "pread", path: path, errno: errno)
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// Forces written data (and the size) to stable storage.
    func sync() throws {
        #if os(Linux)
        let result = Self.retryingEINTR { fdatasync(descriptor) }
        #else
        let result = Self.retryingEINTR { fsync(descriptor) }
        #endif
        guard result == 0 else { throw AppendLogError.systemCallFailed(call: "fsync", path: path, errno: errno) }
    }

    /// Cuts the file to `length` bytes.
    func truncate(to length: Int64) throws {
        let result = Self.retryingEINTR { ftruncate(descriptor, off_t(length)) }
        guard result == 0 else { throw AppendLogError.systemCallFailed(call: "ftruncate", path: path, errno: errno) }
    }

    /// The file's current size.
    func size() throws -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw AppendLogError.systemCallFailed(call: "fstat", path: path, errno: errno)
        }
        return Int64(status.st_size)
    }

    static func retryingEINTR<Result: BinaryInteger>(_ call: () -> Result) -> Result {
        while true {
            let result = call()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }
}

/// `open` under a name that does not clash with `LogFile.open`.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    open(path, flags, mode)
}
