import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A JSON-lines file rotated by size: when the next lines would take it past `maxBytes` it becomes `path.1`,
/// `path.1` becomes `path.2`, and so on up to `path.<keep>`; older files are deleted.
///
/// Writes are plain blocking `write(2)` calls from the log's drain task: they go to the page cache, and the
/// drain task is off the request path.
struct JSONLinesFile: Sendable {
    let path: String
    let maxBytes: Int
    let keep: Int
    private var descriptor: Int32 = -1
    private var size = 0

    init(path: String, maxBytes: Int, keep: Int) {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = keep
    }

    /// Writes the lines of `lines` (each ending at an offset in `lineEnds`) from line `progress` on,
    /// advancing `progress` past each line written, so a retry after an error does not repeat lines.
    mutating func write(_ lines: ByteBuffer, lineEnds: [Int], progress: inout Int) throws(InferenceLogError) {
        try openIfNeeded()
        while progress < lineEnds.count {
            let start = progress == 0 ? 0 : lineEnds[progress - 1]
            var end = progress
            // Take as many whole lines as fit below the limit; an empty file takes at least one line.
            while end < lineEnds.count && size + (lineEnds[end] - start) <= maxBytes { end += 1 }
            if end == progress {
                if size > 0 {
                    try rotate()
                    continue
                }
                end = progress + 1
            }
            let length = lineEnds[end - 1] - start
            try writeAll(lines.getSlice(at: lines.readerIndex + start, length: length)!)
            size += length
            progress = end
            if size >= maxBytes { try rotate() }
        }
    }

    /// Closes the file; the next write reopens it.
    mutating func close() {
        if descriptor >= 0 {
            _ = systemClose(descriptor)
            descriptor = -1
        }
    }

    private mutating func openIfNeeded() throws(InferenceLogError) {
        guard descriptor < 0 else { return }
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .fileOpen(path: path, errno: errno) }
        var status = stat()
        size = fstat(opened, &status) == 0 ? Int(status.st_size) : 0
        descriptor = opened
    }

    private mutating func rotate() throws(InferenceLogError) {
        close()
        if keep == 0 {
            guard unlink(path) == 0 || errno == ENOENT else { throw .fileRotate(path: path, errno: errno) }
        } else {
            for index in stride(from: keep - 1, through: 1, by: -1) {
                guard rename("\(path).\(index)", "\(path).\(index + 1)") == 0 || errno == ENOENT else {
                    throw .fileRotate(path: path, errno: errno)
                }
            }
            guard rename(path, "\(path).1") == 0 || errno == ENOENT else { throw .fileRotate(path: path, errno: errno) }
        }
        try openIfNeeded()
    }

    private func writeAll(_ bytes: ByteBuffer) throws(InferenceLogError) {
        var failure: Int32 = 0
        bytes.withUnsafeReadableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure != 0 { throw .fileWrite(path: path, errno: failure) }
    }
}

// `close` and `write` are also method names here; these name the system calls unambiguously.
private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Darwin)
        Darwin.close(descriptor)
    #elseif canImport(Musl)
        Musl.close(descriptor)
    #else
        Glibc.close(descriptor)
    #endif
}

private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
        Darwin.write(descriptor, bytes, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
    #else
        Glibc.write(descriptor, bytes, count)
    #endif
}
