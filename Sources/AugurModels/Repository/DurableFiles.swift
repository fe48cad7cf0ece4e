import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations publishing needs to be crash-safe: durable writes and a directory
/// rename that never replaces an existing version.
enum DurableFiles {
    /// Creates `path` (which must not exist), writes `bytes` and fsyncs it.
    static func write(_ bytes: [UInt8], to path: String) throws(ModelRepositoryError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("creating", path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("writing", path)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw failure("syncing", path) }
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    /// Creates a directory (and its parents when `intermediate`).
    static func makeDirectory(_ path: String, intermediate: Bool = false) throws(ModelRepositoryError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: intermediate)
        } catch {
            throw .io(operation: "creating directory", path: path, reason: "\(error)")
        }
    }

    /// Renames directory `from` to `to`; returns false (without changing anything) when `to` already exists.
    static func renameNoReplace(_ from: String, to: String) throws(ModelRepositoryError) -> Bool {
        // RENAME_NOREPLACE makes "exactly one concurrent publisher wins" hold even against an empty
        // directory at the target, which plain rename(2) would silently replace.
        if let renameat2 = renameat2Function {
            if renameat2(AT_FDCWD, from, AT_FDCWD, to, renameNoReplace) == 0 { return true }
            if errno == EEXIST || errno == ENOTEMPTY { return false }
            guard errno == EINVAL || errno == ENOSYS else { throw failure("renaming \(from) to", to) }
        }
        // Without RENAME_NOREPLACE (old kernels, some file systems) rename(2) still refuses a non-empty
        // target, and every published version directory holds files.
        if rename(from, to) == 0 { return true }
        if errno == EEXIST || errno == ENOTEMPTY { return false }
        throw failure("renaming \(from) to", to)
    }

    private typealias RenameAt2 = @convention(c) (
        Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
    ) -> Int32

    /// glibc's renameat2 (not exported to Swift by the Glibc module), looked up once.
    private static let renameat2Function: RenameAt2? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()
    private static let renameNoReplace: UInt32 = 1  // RENAME_NOREPLACE in <linux/fs.h>

    /// Fsyncs a directory so a rename inside it survives a crash.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Removes a directory tree, ignoring errors (used to clean up staging directories).
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func failure(_ operation: String, _ path: String) -> ModelRepositoryError {
        .io(operation: operation, path: path, reason: String(cString: strerror(errno)))
    }
}
