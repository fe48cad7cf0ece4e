#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Directory-level calls: create, lock, fsync, rename, remove.
enum FileSystem {
    /// Creates `path` and any missing parents.
    static func createDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw AppendLogError.systemCallFailed(call: "mkdir", path: prefix, errno: errno)
            }
            prefix += "/"
        }
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Atomically replaces `to` with `from`.
    static func rename(_ from: String, to: String) throws {
        guard Glibc_rename(from, to) == 0 else {
            throw AppendLogError.systemCallFailed(call: "rename to \(to)", path: from, errno: errno)
        }
    }

    /// Makes entries created or renamed in the directory at `path` durable.
    static func syncDirectory(_ path: String) throws {
        let descriptor = LogFile.retryingEINTR { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw AppendLogError.systemCallFailed(call: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard LogFile.retryingEINTR({ fsync(descriptor) }) == 0 else {
            throw AppendLogError.systemCallFailed(call: "fsync", path: path, errno: errno)
        }
    }

    /// Removes `path`; a missing file is not an error.
    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw AppendLogError.systemCallFailed(call: "unlink", path: path, errno: errno)
        }
    }
}

private func Glibc_rename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}

/// The open data directory, locked with `flock(LOCK_EX)` so two brokers cannot share it; also fsyncs the
/// directory so file creations and renames survive a crash. Used by the owner thread only.
final class DirectoryLock {
    let path: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        let descriptor = LogFile.retryingEINTR { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw AppendLogError.systemCallFailed(call: "open", path: path, errno: errno) }
        if LogFile.retryingEINTR({ flock(descriptor, LOCK_EX | LOCK_NB) }) != 0 {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw AppendLogError.directoryLocked(path: path) }
            throw AppendLogError.systemCallFailed(call: "flock", path: path, errno: code)
        }
        self.descriptor = descriptor
    }

    deinit {
        release()
    }

    /// Releases the lock; closing the only descriptor of the open file description drops the flock.
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    /// Makes entries created or renamed in the directory durable.
    func sync() throws {
        guard LogFile.retryingEINTR({ fsync(descriptor) }) == 0 else {
            throw AppendLogError.systemCallFailed(call: "fsync", path: path, errno: errno)
        }
    }
}
