#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong with the append log; each message names the file and what to do.
public enum AppendLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed on `path`; `errno` is the raw error number.
    case systemCallFailed(call: String, path: String, errno: Int32)
    /// Another process (or another open log in this one) holds the data directory's lock.
    case directoryLocked(path: String)
    /// The file exists but does not start with Augur's log header.
    case notAnAugurLog(path: String)
    /// The file was written by a newer (or unknown) format version.
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// `replay` may run once per open, before anything is committed.
    case replayNotAllowed(path: String)
    /// Only one rewrite runs at a time.
    case rewriteInProgress(path: String)
    /// The background rewrite failed; the old log is untouched and stays in use.
    case rewriteFailed(path: String, reason: String)
    /// The rewrite was abandoned because the log is closing.
    case rewriteCancelled(path: String)
    /// An earlier write or fsync failed in a way that may have lost data; commits are refused until a
    /// rewrite succeeds (it writes the whole state afresh) or the process restarts.
    case unusable(path: String, cause: String)
    /// The log was closed.
    case closed(path: String)

    /// The message to show the operator.
    public var description: String {
        switch self {
        case .systemCallFailed(let call, let path, let errno):
            return "\(call)(\(path)) failed: \(AppendLogError.errnoText(errno)) (errno \(errno))"
        case .directoryLocked(let path):
            return "data directory \(path) is locked by another Augur broker (flock); stop it or use another data directory"
        case .notAnAugurLog(let path):
            return "\(path) is not an Augur append log (bad header); move it away or choose another data directory"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path) has log format version \(found) but this build reads version \(supported); use a matching Augur"
        case .replayNotAllowed(let path):
            return "replay of \(path) must be the first operation after open and may run only once"
        case .rewriteInProgress(let path):
            return "a rewrite of \(path) is already running; wait for pollRewrite() to report it"
        case .rewriteFailed(let path, let reason):
            return "rewrite of \(path) failed: \(reason); the existing log is kept"
        case .rewriteCancelled(let path):
            return "rewrite of \(path) was cancelled because the log is closing"
        case .unusable(let path, let cause):
            return "append log \(path) refuses writes after an earlier failure (\(cause)); free the disk or fix the "
                + "error, then rewrite the log or restart"
        case .closed(let path):
            return "append log \(path) is closed"
        }
    }

    static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
