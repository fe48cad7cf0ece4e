#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads model files straight into the byte array the decoder works on (one copy, no Foundation `Data`).
enum ModelFile {
    /// The whole file; throws `cannotReadModel` when it cannot be opened or read.
    static func contents(ofPath path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RuntimeError.cannotReadModel(path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw RuntimeError.cannotReadModel(path: path)
        }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            failed = done != size
            if failed { buffer.baseAddress!.initialize(repeating: 0, count: size) }
            initialized = size
        }
        if failed { throw RuntimeError.cannotReadModel(path: path) }
        return bytes
    }
}
