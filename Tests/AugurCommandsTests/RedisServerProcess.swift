#if canImport(Glibc)
import Foundation
import Glibc

/// A throwaway redis-server on a free port, stopped by PID when the test ends.
final class RedisServerProcess {
    let port: Int
    private let process: Process
    private var socketFD: Int32 = -1

    /// Path of redis-server when installed.
    static var executable: String? {
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init() throws {
        guard let executable = Self.executable else { throw RedisProcessError.notInstalled }
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port", String(port), "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if connect() { return }
            usleep(50_000)
        }
        stop()
        throw RedisProcessError.didNotStart
    }

    deinit { stop() }

    /// Asks the server to exit, then makes sure by PID: SIGTERM may be masked in processes the test runner spawns.
    func stop() {
        if socketFD >= 0 {
            _ = try? command(["SHUTDOWN", "NOSAVE"])
            close(socketFD)
            socketFD = -1
        }
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<40 where process.isRunning { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw RedisProcessError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func connect() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        if ok { socketFD = fd } else { close(fd) }
        return ok
    }

    /// Sends one command as a RESP2 multibulk and reads one reply.
    func command(_ words: [String]) throws -> Reply {
        var request = "*\(words.count)\r\n"
        for word in words { request += "$\(word.utf8.count)\r\n\(word)\r\n" }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socketFD, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw RedisProcessError.io }
            sent += n
        }
        return try readReply()
    }

    private var pending: [UInt8] = []

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var poll = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, 5000) == 1 else { throw RedisProcessError.io }
        let n = chunk.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw RedisProcessError.io }
        pending += chunk[0..<n]
    }

    private func line() throws -> String {
        while true {
            if let i = pending.indices.first(where: { $0 > 0 && pending[$0 - 1] == 13 && pending[$0] == 10 }) {
                let text = String(decoding: pending[0..<(i - 1)], as: UTF8.self)
                pending.removeFirst(i + 1)
                return text
            }
            try fill()
        }
    }

    private func readReply() throws -> Reply {
        let header = try line()
        let body = String(header.dropFirst())
        switch header.first {
        case "+": return .status(body)
        case "-": return .err(body)
        case ":": return .int(Int64(body)!)
        case "$":
            let length = Int(body)!
            if length < 0 { return .null }
            while pending.count < length + 2 { try fill() }
            let text = String(decoding: pending[0..<length], as: UTF8.self)
            pending.removeFirst(length + 2)
            return .s(text)
        case "*":
            let count = Int(body)!
            if count < 0 { return .nullList }
            return .list(try (0..<count).map { _ in try readReply() })
        default: throw RedisProcessError.io
        }
    }
}

enum RedisProcessError: Error {
    case notInstalled, didNotStart, noPort, io
}
#endif
