import AugurRESP
import AugurRedisClient
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A redis-server the test starts on a free port and stops by PID; it can be restarted on the same port.
///
/// Shared by the test targets that need a real Redis: the client's tests and the processor's.
public final class RedisServerProcess: @unchecked Sendable {
    /// Errors while starting the server.
    public enum StartError: Error, CustomStringConvertible {
        case executableMissing(String)
        case noFreePort
        case notAnswering(port: Int)

        public var description: String {
            switch self {
            case .executableMissing(let path): "redis-server not found at \(path); install redis-server 7"
            case .noFreePort: "could not find a free TCP port on 127.0.0.1"
            case .notAnswering(let port): "redis-server on port \(port) did not answer PING within 10 s"
            }
        }
    }

    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// Its requirepass, if any.
    public let password: String?
    private let executable: String
    private let extraArguments: [String]
    private var process: Process?

    /// Starts a server on a free port; `password` sets requirepass.
    public init(password: String? = nil, extraArguments: [String] = [], executable: String = "/usr/bin/redis-server") async throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw StartError.executableMissing(executable)
        }
        self.executable = executable
        self.password = password
        self.extraArguments = extraArguments
        self.port = try Self.freePort()
        try await start()
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }

    /// A connection configuration pointing at this server.
    public func configuration(_ protocolVersion: RESPProtocolVersion = .resp2) -> RedisConnection.Configuration {
        // The command timeout turns a bug that loses a reply into a failure instead of a hung test run.
        RedisConnection.Configuration(
            port: port,
            password: password,
            protocolVersion: protocolVersion,
            commandTimeout: .seconds(30)
        )
    }

    /// Opens a connection to this server.
    public func connect(_ protocolVersion: RESPProtocolVersion = .resp2) async throws -> RedisConnection {
        try await RedisConnection.connect(configuration: configuration(protocolVersion))
    }

    /// Starts (or restarts) the server and waits until it answers PING.
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", FileManager.default.temporaryDirectory.path, "--daemonize", "no",
        ]
        if let password { arguments += ["--requirepass", password] }
        process.arguments = arguments + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
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

    /// Stops the server with SIGKILL and waits for it to exit.
    ///
    /// SIGKILL because a child spawned from the test runner inherits its blocked-signal mask, which
    /// includes SIGTERM; the server keeps no data, so nothing is lost.
    public func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Finds a port nobody listens on by binding to port 0 and reading what the kernel chose.
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
