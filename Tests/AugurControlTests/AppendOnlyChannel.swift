import AugurControl
import Foundation

/// A control channel in memory that, like a Kafka topic, cannot delete entries and does not tell where an
/// appended entry landed; positions are `.offset(index)`.
final class AppendOnlyChannel: ControlChannel, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [[(name: String, value: String)]] = []

    var name: String { "memory" }

    /// How many entries it holds.
    var count: Int { lock.withLock { log.count } }

    func entries(after position: ControlPosition) async throws -> (entries: [ControlChannelEntry], last: ControlPosition) {
        let entries = try slice(after: position)
        return (entries, entries.last?.position ?? position)
    }

    func nextEntries(after position: ControlPosition, limit: Int, timeout: Duration) async throws -> [ControlChannelEntry] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let entries = try slice(after: position)
            if !entries.isEmpty || ContinuousClock.now >= deadline { return Array(entries.prefix(limit)) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func append(_ fields: [(name: String, value: String)]) async throws -> ControlPosition? {
        lock.withLock { log.append(fields) }
        return nil
    }

    private func slice(after position: ControlPosition) throws -> [ControlChannelEntry] {
        let start: Int
        switch position {
        case .start: start = 0
        case .offset(let offset): start = Int(offset) + 1
        case .streamEntry: throw ControlPositionMismatch(position: position, channel: name)
        }
        return lock.withLock {
            log.indices.dropFirst(start).map { ControlChannelEntry(position: .offset(Int64($0)), fields: log[$0]) }
        }
    }
}
