/// Why a sink of the inference log could not take a batch; the log retries and logs these, rate-limited.
public enum InferenceLogError: Error, CustomStringConvertible, Sendable {
    /// The JSON-lines file could not be opened.
    case fileOpen(path: String, errno: Int32)
    /// Writing the JSON-lines file failed.
    case fileWrite(path: String, errno: Int32)
    /// Rotating the JSON-lines file failed.
    case fileRotate(path: String, errno: Int32)
    /// The broker refused some of the log entries.
    case streamRejected(stream: String, count: Int, firstError: String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .fileOpen(let path, let errno):
            "cannot open inference log file \(path): \(Self.text(errno)); check the directory exists and is writable"
        case .fileWrite(let path, let errno):
            "cannot write inference log file \(path): \(Self.text(errno)); check free disk space"
        case .fileRotate(let path, let errno):
            "cannot rotate inference log file \(path): \(Self.text(errno)); check the directory is writable"
        case .streamRejected(let stream, let count, let firstError):
            "the broker refused \(count) inference log entries on \(stream): \(firstError); "
                + "check the key is a stream (or pick another log stream)"
        }
    }

    private static func text(_ errno: Int32) -> String {
        String(cString: strerror(errno))
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
