import AugurRESP
import AugurRedisClient
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A throwaway redis-server on a free port, stopped by PID when the test is done with it.
final class RedisServer: @unchecked Sendable {
    enum StartError: Error, CustomStringConvertible {
        case executableMissing(String)
        case noFreePort
        case notAnswering(port: Int)

        var description: String {
            switch self {
            case .executableMissing(let path): "redis-server not found at \(path); install redis-server 7"
            case .noFreePort: "no free TCP port on 127.0.0.1"
            case .notAnswering(let port): "redis-server on port \(port) did not answer PING"
            }
        }
    }

    let port: Int
    private let process: Process

    init(executable: String = "/usr/bin/redis-server") async throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else { throw StartError.executableMissing(executable) }
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", FileManager.default.temporaryDirectory.path, "--daemonize", "no",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let connection = try? await connect() {
                let pong = try? await connection.send(RESPCommand("PING"))
                connection.abort()
                if pong == .simpleString("PONG") { return }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw StartError.notAnswering(port: port)
    }

    deinit { stop() }

    /// A new connection; the command timeout turns a lost reply into a failure instead of a hang.
    func connect() async throws -> RedisConnection {
        try await RedisConnection.connect(configuration: RedisConnection.Configuration(port: port, commandTimeout: .seconds(30)))
    }

    /// SIGKILL: a child of the test runner inherits its blocked SIGTERM; the server keeps no data.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw StartError.noFreePort }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw StartError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
