import Foundation
import Logging
import NIOCore

@testable import AugurLog

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "augurlog-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    var logPath: String { path + "/augur.aof" }

    /// Files in the directory whose name starts with `prefix`.
    func files(startingWith prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix(prefix) }.sorted()
    }
}

/// Collects log lines so tests can check what the log says about damage.
final class CapturedLogs: @unchecked Sendable {
    private let lines = LockedBox<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        Logger(label: "test") { _ in CapturingHandler(sink: self) }
    }

    fileprivate func add(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}

private struct CapturingHandler: LogHandler {
    let sink: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        sink.add("\(event.level): \(event.message)")
    }
}

/// A seeded generator so property tests replay the same cases.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func buffer(_ bytes: [UInt8]) -> ByteBuffer {
    ByteBuffer(bytes: bytes)
}

func bytes(_ buffer: ByteBuffer) -> [UInt8] {
    Array(buffer.readableBytesView)
}

/// Random payloads of 1...maxLength bytes.
func randomRecords(count: Int, maxLength: Int, using rng: inout SplitMix64) -> [[UInt8]] {
    (0..<count).map { _ in
        (0..<Int.random(in: 1...maxLength, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}

/// Opens a log in `directory` with fast test settings.
func openLog(
    _ directory: TemporaryDirectory, fsync: FsyncPolicy = .no, logs: CapturedLogs = CapturedLogs(),
    configure: (inout AppendLog.Configuration) -> Void = { _ in }
) throws -> AppendLog {
    var configuration = AppendLog.Configuration(directory: directory.path, fsync: fsync)
    configure(&configuration)
    return try AppendLog(configuration: configuration, logger: logs.logger())
}

/// Writes `records` to a fresh log in `directory` and closes it.
func writeLog(_ records: [[UInt8]], in directory: TemporaryDirectory) throws {
    let log = try openLog(directory)
    _ = try log.replay { _ in }
    for record in records { log.append(buffer(record)) }
    try log.commit()
    try log.close()
}

/// Opens the log in `directory`, replays it and closes it again.
func readLog(
    in directory: TemporaryDirectory, logs: CapturedLogs = CapturedLogs()
) throws -> (records: [[UInt8]], report: ReplayReport) {
    let log = try openLog(directory, logs: logs)
    var records: [[UInt8]] = []
    let report = try log.replay { records.append(bytes($0)) }
    try log.close()
    return (records, report)
}

/// Byte offsets where each frame starts, for records written in order after the header.
func frameOffsets(_ records: [[UInt8]]) -> [Int] {
    var offsets: [Int] = []
    var position = LogFormat.headerLength
    for record in records {
        offsets.append(position)
        position += LogFormat.frameHeaderLength + record.count
    }
    offsets.append(position)
    return offsets
}

func fileBytes(_ path: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeFileBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

func fileSize(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? -1
}

/// Calls `poll` until it returns a value, giving up after `limit` (a hang guard, not a timing assertion).
func waitFor<T>(limit: Duration = .seconds(60), _ poll: () throws -> T?) throws -> T? {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try poll() { return value }
        usleep(1000)
    }
    return nil
}
