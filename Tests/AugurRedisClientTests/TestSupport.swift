import AugurRESP
import AugurRedisClient
import NIOCore

/// Polls `INFO clients` until `clients` connections are blocked in a command, so a test can act on a
/// blocked reader without guessing how long the block takes to start.
func waitUntilBlocked(observer: RedisConnection, clients: Int) async throws {
    for _ in 0..<400 {
        let info = try await observer.send(RESPCommand("INFO", "clients"))
        let text: String
        switch info {
        case .bulkString(let bytes), .verbatimString(_, let bytes): text = String(buffer: bytes)
        default: text = ""
        }
        if text.contains("blocked_clients:\(clients)\r") { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw PollTimeout(what: "\(clients) blocked client(s)")
}

/// A condition a test polled for never came true.
struct PollTimeout: Error, CustomStringConvertible {
    var what: String
    var description: String { "gave up waiting for \(what)" }
}
