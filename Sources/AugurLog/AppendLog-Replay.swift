import NIOCore

extension AppendLog {
    /// Reads every intact record in order; cuts a torn/corrupt tail (logs how many bytes), never crashes.
    ///
    /// Runs once, before the first commit. Each record arrives in a buffer of its own. If `body` throws,
    /// nothing is cut and the error propagates; the caller should not go on with a partial state.
    public func replay(_ body: (ByteBuffer) throws -> Void) throws -> ReplayReport {
        guard phase == .needsReplay else { throw AppendLogError.replayNotAllowed(path: path) }
        let started = ContinuousClock.now
        let readFile = try LogFile.openForReading(path: path)
        let size = try readFile.size()
        var reader = LogFrameReader(file: readFile, fileSize: size, startingAt: Int64(LogFormat.headerLength))
        var records = 0
        var payloadBytes: Int64 = 0
        var damage: LogDamage?
        reading: while true {
            switch try reader.next() {
            case .record(let record):
                try body(record)
                records += 1
                payloadBytes += Int64(record.readableBytes)
            case .end:
                break reading
            case .damaged(let kind, let offset, let length):
                let cutter = TailCutter(
                    path: path, reader: readFile, appender: file, directory: directory, logger: logger)
                damage = try cutter.cut(kind: kind, offset: offset, length: length, fileSize: size)
                break reading
            }
        }
        fileSize = damage?.offset ?? size
        baseSize = fileSize
        phase = .open
        shared.withLock { $0.statistics.recordsReplayed += UInt64(records) }
        logger.info(
            "replayed \(records) record(s) from \(path) in \(ContinuousClock.now - started)",
            metadata: ["records": "\(records)", "bytes": "\(fileSize)"])
        return ReplayReport(records: records, payloadBytes: payloadBytes, fileSize: fileSize, damage: damage)
    }
}
