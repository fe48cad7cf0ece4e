import AugurRESP
import AugurRedisClient
import Logging
import NIOCore

/// A batch on its way to the sinks, with what each sink already has, so a retry repeats nothing.
struct PendingLogBatch: Sendable {
    var commands: [RESPCommand]?
    var lines: ByteBuffer?
    var lineEnds: [Int] = []
    var linesWritten = 0

    var isDone: Bool { commands == nil && lines == nil }
}

/// Renders batches for the configured sinks and writes them: pipelined XADDs and JSON lines.
///
/// Owned by one task at a time (the log's drain loop, then its shutdown flush), so it needs no lock.
struct InferenceLogWriter: Sendable {
    let configuration: InferenceLogConfiguration
    let sender: (any RedisBatchSending)?
    let logger: Logger
    private var file: JSONLinesFile?
    private var streamErrors = ErrorLogThrottle()
    private var fileErrors = ErrorLogThrottle()

    init(configuration: InferenceLogConfiguration, sender: (any RedisBatchSending)?, logger: Logger) {
        self.configuration = configuration
        self.sender = configuration.stream == nil ? nil : sender
        self.logger = logger
        self.file = configuration.filePath.map {
            JSONLinesFile(path: $0, maxBytes: configuration.fileMaxBytes, keep: configuration.fileKeep)
        }
    }

    /// True when no sink is configured: records are then only counted.
    var hasSinks: Bool { sender != nil || file != nil }

    /// Renders `records` for every configured sink; hashing happens here, off the request path.
    func prepare(_ records: [InferenceLogRecord]) -> PendingLogBatch {
        var batch = PendingLogBatch()
        let mode = configuration.mode
        let payloads = records.map { RenderedPayloads($0, mode: mode) }
        if sender != nil, let stream = configuration.stream {
            batch.commands = zip(records, payloads).map {
                $0.xaddCommand(stream: stream, maxLength: configuration.streamMaxLength, payloads: $1)
            }
        }
        if file != nil {
            var lines = ByteBuffer()
            lines.reserveCapacity(records.count * 256)
            batch.lineEnds.reserveCapacity(records.count)
            for (record, payloads) in zip(records, payloads) {
                record.writeJSONLine(into: &lines, mode: mode, payloads: payloads)
                batch.lineEnds.append(lines.readableBytes)
            }
            batch.lines = lines
        }
        return batch
    }

    /// Writes what `batch` still owes each sink; returns true when every sink has it.
    mutating func write(_ batch: inout PendingLogBatch) async -> Bool {
        if let commands = batch.commands, let sender, let stream = configuration.stream {
            do {
                let replies = try await sender.sendBatch(commands)
                batch.commands = nil
                let refusals = replies.compactMap(Self.errorText)
                if let first = refusals.first {
                    // A refused entry (say, the key holds another type) would be refused again: log, move on.
                    let error = InferenceLogError.streamRejected(stream: stream, count: refusals.count, firstError: first)
                    streamErrors.failed("inference log entries refused", error: error, logger: logger)
                } else {
                    streamErrors.succeeded("inference log stream writes again", logger: logger)
                }
            } catch {
                streamErrors.failed("inference log stream write failed; retrying", error: error, logger: logger)
            }
        }
        if let lines = batch.lines, file != nil {
            do {
                try file!.write(lines, lineEnds: batch.lineEnds, progress: &batch.linesWritten)
                batch.lines = nil
                fileErrors.succeeded("inference log file writes again", logger: logger)
            } catch {
                fileErrors.failed("inference log file write failed; retrying", error: error, logger: logger)
            }
        }
        return batch.isDone
    }

    /// Closes the file sink.
    mutating func close() {
        file?.close()
    }

    private static func errorText(_ reply: RESPValue) -> String? {
        switch reply {
        case .error(let text): text
        case .blobError(let bytes): String(buffer: bytes)
        default: nil
        }
    }
}
