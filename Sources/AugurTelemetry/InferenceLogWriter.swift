import Logging
import NIOCore

/// A batch on its way to the sinks, with what each sink already has, so a retry repeats nothing.
struct PendingLogBatch: Sendable {
    var entries: [InferenceLogEntry]?
    var lines: ByteBuffer?
    var lineEnds: [Int] = []
    var linesWritten = 0

    var isDone: Bool { entries == nil && lines == nil }
}

/// Renders batches for the configured sinks and writes them: entries for the stream or topic sink, JSON
/// lines for the file.
///
/// Owned by one task at a time (the log's drain loop, then its shutdown flush), so it needs no lock.
struct InferenceLogWriter: Sendable {
    let configuration: InferenceLogConfiguration
    let sink: (any InferenceLogSink)?
    let logger: Logger
    private var file: JSONLinesFile?
    private var sinkErrors = ErrorLogThrottle()
    private var fileErrors = ErrorLogThrottle()

    init(configuration: InferenceLogConfiguration, sink: (any InferenceLogSink)?, logger: Logger) {
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.file = configuration.filePath.map {
            JSONLinesFile(path: $0, maxBytes: configuration.fileMaxBytes, keep: configuration.fileKeep)
        }
    }

    /// True when no sink is configured: records are then only counted.
    var hasSinks: Bool { sink != nil || file != nil }

    /// Renders `records` for every configured sink; hashing happens here, off the request path.
    func prepare(_ records: [InferenceLogRecord]) -> PendingLogBatch {
        var batch = PendingLogBatch()
        let mode = configuration.mode
        let payloads = records.map { RenderedPayloads($0, mode: mode) }
        var lines: ByteBuffer?
        if file != nil || sink?.wantsJSON == true {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(records.count * 256)
            batch.lineEnds.reserveCapacity(records.count)
            for (record, payloads) in zip(records, payloads) {
                record.writeJSONLine(into: &buffer, mode: mode, payloads: payloads)
                batch.lineEnds.append(buffer.readableBytes)
            }
            lines = buffer
        }
        if let sink {
            let wantsJSON = sink.wantsJSON
            batch.entries = zip(records, payloads).enumerated().map { index, element in
                var json: ByteBuffer?
                if wantsJSON, let lines {
                    // The line without its newline.
                    let start = index == 0 ? 0 : batch.lineEnds[index - 1]
                    json = lines.getSlice(at: lines.readerIndex + start, length: batch.lineEnds[index] - start - 1)
                }
                return InferenceLogEntry(id: element.0.id, fields: element.0.streamFields(payloads: element.1), json: json)
            }
        }
        if file != nil { batch.lines = lines }
        return batch
    }

    /// Writes what `batch` still owes each sink; returns true when every sink has it.
    mutating func write(_ batch: inout PendingLogBatch) async -> Bool {
        if let entries = batch.entries, let sink {
            do {
                try await sink.write(entries)
                batch.entries = nil
                sinkErrors.succeeded("inference log sink \(sink.name) writes again", logger: logger)
            } catch let error as InferenceLogError {
                // A refused entry (say, the key holds another type) would be refused again: log, move on.
                batch.entries = nil
                sinkErrors.failed("inference log entries refused", error: error, logger: logger)
            } catch {
                sinkErrors.failed("inference log write to \(sink.name) failed; retrying", error: error, logger: logger)
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
}
