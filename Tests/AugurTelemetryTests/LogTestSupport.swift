import AugurRESP
import AugurRedisClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore

@testable import AugurTelemetry

/// A record with every field set, numbered so tests can tell records apart.
func sampleRecord(
    _ number: Int,
    inputs: String? = "[[1.0, 2.5]]",
    outputs: String? = "[{\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[0.5]}]",
    outcome: String = "ok"
) -> InferenceLogRecord {
    InferenceLogRecord(
        id: "r\(number)",
        model: "iris",
        version: 2,
        daemon: "d1",
        enqueuedMicros: 1_000 + UInt64(number),
        readMicros: 2_000 + UInt64(number),
        modelStartMicros: 3_000 + UInt64(number),
        modelEndMicros: 4_000 + UInt64(number),
        writtenMicros: 5_000 + UInt64(number),
        outcome: outcome,
        inputs: inputs.map { ByteBuffer(string: $0) },
        outputs: outputs.map { ByteBuffer(string: $0) }
    )
}

/// A batch sender whose every batch hangs until `release()`: a broker that accepted the connection and
/// went silent.
final class StalledSender: RedisBatchSending {
    private struct State {
        var batches: [[RESPCommand]] = []
        var released = false
        var batchWaiters: [CheckedContinuation<Void, Never>] = []
        var stalled: [CheckedContinuation<Void, Never>] = []
    }
    private let state = NIOLockedValueBox(State())

    struct Released: Error {}

    func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue {
        try await sendBatch([command])[0]
    }

    func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        await withCheckedContinuation { continuation in
            let (waiters, released) = state.withLockedValue { state in
                state.batches.append(commands)
                let waiters = state.batchWaiters
                state.batchWaiters = []
                if !state.released { state.stalled.append(continuation) }
                return (waiters, state.released)
            }
            for waiter in waiters { waiter.resume() }
            if released { continuation.resume() }
        }
        throw Released()
    }

    /// Waits until a batch was sent.
    func waitForBatch() async {
        await withCheckedContinuation { continuation in
            let already = state.withLockedValue { state in
                if !state.batches.isEmpty { return true }
                state.batchWaiters.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }

    /// How many records the batches sent so far carried.
    var sentCommands: Int { state.withLockedValue { $0.batches.reduce(0) { $0 + $1.count } } }

    /// Fails every stalled and future batch.
    func release() {
        let stalled = state.withLockedValue { state in
            state.released = true
            defer { state.stalled = [] }
            return state.stalled
        }
        for continuation in stalled { continuation.resume() }
    }
}

/// A fresh directory under the temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("augur-telemetry-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The JSON objects of a JSON-lines file; fails the test (throws) on a line that is not a JSON object.
func readJSONLines(_ path: String) throws -> [[String: Any]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        guard let dictionary = object as? [String: Any] else { throw NotAnObject(line: String(line)) }
        return dictionary
    }
}

struct NotAnObject: Error {
    var line: String
}

/// Runs `log` until `body` returns and its buffer has drained (given up to 5 s, so a loaded machine does not
/// leave the work to the bounded shutdown flush), then cancels it and waits for its flush.
func withRunningLog(_ log: InferenceLog, _ body: () async throws -> Void) async rethrows {
    let running = Task { await log.run() }
    do {
        try await body()
    } catch {
        running.cancel()
        await running.value
        throw error
    }
    for _ in 0..<100 where log.bufferedCount > 0 {
        try? await Task.sleep(for: .milliseconds(50))
    }
    running.cancel()
    await running.value
}

/// A batch sender that fails its first `failures` batches, as a broker that is down would, then passes
/// batches on to `target`.
final class FailingThenWorkingSender: RedisBatchSending {
    private struct State {
        var failuresLeft: Int
        var attempts = 0
        var deliveredWaiters: [CheckedContinuation<Void, Never>] = []
        var delivered = false
    }
    private let state: NIOLockedValueBox<State>
    private let target: any RedisBatchSending

    struct BrokerDown: Error {}

    init(failures: Int, target: any RedisBatchSending) {
        self.state = NIOLockedValueBox(State(failuresLeft: failures))
        self.target = target
    }

    func send(_ command: RESPCommand, blockingFor: Duration?) async throws -> RESPValue {
        try await sendBatch([command])[0]
    }

    func sendBatch(_ commands: [RESPCommand]) async throws -> [RESPValue] {
        let fail = state.withLockedValue { state in
            state.attempts += 1
            guard state.failuresLeft > 0 else { return false }
            state.failuresLeft -= 1
            return true
        }
        if fail { throw BrokerDown() }
        let replies = try await target.sendBatch(commands)
        let waiters = state.withLockedValue { state in
            state.delivered = true
            defer { state.deliveredWaiters = [] }
            return state.deliveredWaiters
        }
        for waiter in waiters { waiter.resume() }
        return replies
    }

    /// How many batches were tried, failed ones included.
    var attempts: Int { state.withLockedValue { $0.attempts } }

    /// Waits until a batch got through.
    func waitForDelivery() async {
        await withCheckedContinuation { continuation in
            let already = state.withLockedValue { state in
                if state.delivered { return true }
                state.deliveredWaiters.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }
}
