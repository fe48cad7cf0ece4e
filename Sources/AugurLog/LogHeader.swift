import Logging

/// Writes the header of a new log and checks the header of an existing one.
enum LogHeader {
    /// Returns the file size once the file starts with a valid header.
    static func prepare(file: LogFile, directory: DirectoryLock, logger: Logger) throws -> Int64 {
        let size = try file.size()
        if size == 0 {
            return try write(file: file, directory: directory)
        }
        let reader = try LogFile.openForReading(path: file.path)
        var bytes = [UInt8](repeating: 0, count: LogFormat.headerLength)
        let got = try bytes.withUnsafeMutableBytes { try reader.read(into: $0, at: 0) }
        let expected = LogFormat.header
        if got < LogFormat.headerLength {
            // A crash while the header of a new file was being written: nothing else can be in it yet.
            guard Array(bytes[0..<got]) == Array(expected[0..<got]) else {
                throw AppendLogError.notAnAugurLog(path: file.path)
            }
            logger.warning("append log \(file.path) has a torn header (\(got) bytes); writing it again")
            try file.truncate(to: 0)
            return try write(file: file, directory: directory)
        }
        guard Array(bytes[0..<LogFormat.magic.count]) == LogFormat.magic else {
            throw AppendLogError.notAnAugurLog(path: file.path)
        }
        let version = bytes[LogFormat.magic.count..<LogFormat.headerLength].reversed()
            .reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
        guard version == LogFormat.version else {
            throw AppendLogError.unsupportedVersion(path: file.path, found: version, supported: LogFormat.version)
        }
        return size
    }

    private static func write(file: LogFile, directory: DirectoryLock) throws -> Int64 {
        try LogFormat.header.withUnsafeBytes { try file.writeAll($0) }
        try file.sync()
        try directory.sync()
        return Int64(LogFormat.headerLength)
    }
}
