/// What `replay` found: how many records it delivered and whether it had to cut a damaged tail.
public struct ReplayReport: Sendable, Equatable {
    /// Intact records delivered, in order.
    public var records: Int
    /// Payload bytes of those records.
    public var payloadBytes: Int64
    /// Size of the file after replay (header plus intact frames).
    public var fileSize: Int64
    /// The damaged tail that was cut, or nil when the file was clean.
    public var damage: LogDamage?
}

/// A damaged tail cut off during replay; its bytes were saved to `copyPath` first.
public struct LogDamage: Sendable, Equatable, CustomStringConvertible {
    /// What was wrong with the first bad frame.
    public var kind: LogDamageKind
    /// File offset of the first bad frame; the file now ends here.
    public var offset: Int64
    /// Bytes cut from the end of the file.
    public var droppedBytes: Int64
    /// Intact frames found after the bad one (they were cut too, since order matters), or nil when the bad
    /// frame's length field is unusable and the rest cannot be walked.
    public var intactRecordsAfter: Int?
    /// Where the cut bytes were kept.
    public var copyPath: String

    /// Records lost: the bad frame plus the intact frames after it (at least, when they cannot be counted).
    public var droppedRecords: Int { 1 + (intactRecordsAfter ?? 0) }

    /// The log line written when the tail is cut.
    public var description: String {
        let where_ = "at offset \(offset)"
        let after: String
        switch intactRecordsAfter {
        case .none: after = "the length field is damaged, so the records after it cannot be counted"
        case .some(0): after = "no intact records follow"
        case .some(let count):
            after = "corrupt frame in the middle of the log followed by \(count) intact record(s); treating it as the end"
        }
        return "\(kind.rawValue) \(where_): cut \(droppedBytes) byte(s), about \(droppedRecords) record(s) dropped; "
            + "\(after); the cut bytes are kept in \(copyPath)"
    }
}

/// How a finished rewrite went.
public struct RewriteResult: Sendable, Equatable {
    /// File size before the switch.
    public var previousSize: Int64
    /// File size after the switch.
    public var newSize: Int64
    /// Records the snapshot writer emitted.
    public var snapshotRecords: Int
    /// Bytes appended during the rewrite (the side buffer), all of them now in the new file.
    public var sideBufferBytes: Int
    /// The part of the side buffer the owner thread wrote itself in `pollRewrite()`.
    public var ownerWrittenBytes: Int
    /// Time from `startRewrite` to the switch.
    public var duration: Duration
    /// How long the finishing `pollRewrite()` held the owner thread (tail write, fsync, rename, switch).
    public var ownerPause: Duration
}

/// Counters for INFO persistence.
public struct AppendLogStatistics: Sendable, Equatable {
    /// Bytes written to log files by commits (not counting rewrites).
    public var bytesWritten: UInt64 = 0
    /// Completed fsyncs of the log, from any thread.
    public var fsyncs: UInt64 = 0
    /// How long the most recent fsync took.
    public var lastFsyncDuration: Duration = .zero
    /// Failed fsyncs and writes.
    public var ioErrors: UInt64 = 0
    /// Rewrites that switched to a new file.
    public var rewrites: UInt64 = 0
    /// Rewrites that failed (the old file stayed).
    public var failedRewrites: UInt64 = 0
    /// Records read back at open.
    public var recordsReplayed: UInt64 = 0
    /// Current size of the log file.
    public var currentSize: Int64 = 0
    /// Size at the last rewrite (or at open), the base of the automatic rewrite growth.
    public var baseSize: Int64 = 0
    /// Whether a rewrite is running.
    public var rewriteInProgress = false
    /// Whether the last rewrite succeeded (true before any), as Redis's `aof_last_bgrewrite_status`.
    public var lastRewriteSucceeded = true
    /// How long the last successful rewrite took.
    public var lastRewriteDuration: Duration = .zero
    /// False while the log refuses commits after a failed write or fsync, as Redis's `aof_last_write_status`.
    public var writesAccepted = true
}
