/// When the append log forces its data to stable storage, as Redis's `appendfsync`.
public enum FsyncPolicy: String, Sendable, CaseIterable {
    /// `commit()` fsyncs before it returns: nothing acknowledged is lost, at the cost of one fsync per commit.
    case always
    /// A background thread fsyncs once a second: a crash loses at most about a second of acknowledged writes.
    case everysec
    /// The operating system decides when to flush; the log fsyncs only on rewrite and close.
    case no
}
