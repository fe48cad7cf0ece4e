/// State the owner thread shares with the background fsync thread, always accessed under one lock.
struct LogSharedState {
    /// The file appends go to now; the fsync thread syncs whatever this is when it wakes.
    var file: LogFile
    /// Value of `statistics.bytesWritten` covered by the last completed fsync.
    var syncedMark: UInt64 = 0
    /// Counters for INFO persistence.
    var statistics = AppendLogStatistics()
    /// Set when a write or fsync failed in a way that may have lost data; cleared by a successful rewrite.
    var failure: String?

    /// Records one finished fsync.
    mutating func recordFsync(duration: Duration, covering mark: UInt64) {
        statistics.fsyncs += 1
        statistics.lastFsyncDuration = duration
        syncedMark = max(syncedMark, mark)
    }
}
