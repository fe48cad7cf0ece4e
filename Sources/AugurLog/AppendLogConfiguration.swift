extension AppendLog {
    /// Where the log lives and how hard it tries to keep data on disk.
    public struct Configuration: Sendable {
        /// The data directory; created (with parents) if missing, and locked exclusively while the log is open.
        public var directory: String
        /// The log's file name inside `directory`. Default `augur.aof`.
        public var fileName: String
        /// When written records are forced to disk. Default `.everysec`.
        public var fsync: FsyncPolicy
        /// Rewrite once the file grew by this percentage since the last rewrite (or since open); 0 disables
        /// automatic rewrites. Default 100, as Redis's `auto-aof-rewrite-percentage`.
        public var autoRewritePercentage: Int
        /// Never rewrite automatically below this size. Default 64 MiB, as Redis's `auto-aof-rewrite-min-size`.
        public var autoRewriteMinBytes: Int

        /// How often the `everysec` policy fsyncs; one second outside tests.
        var backgroundFsyncInterval: Duration = .seconds(1)
        /// The most side-buffer bytes `pollRewrite()` writes on the owner thread; more goes back to the
        /// background thread first, so the owner is never held up by a large copy.
        var rewriteOwnerTailLimit: Int = 256 << 10

        /// Creates a configuration; every setting but the directory has the default documented on it.
        public init(
            directory: String,
            fileName: String = "augur.aof",
            fsync: FsyncPolicy = .everysec,
            autoRewritePercentage: Int = 100,
            autoRewriteMinBytes: Int = 64 << 20
        ) {
            self.directory = directory
            self.fileName = fileName
            self.fsync = fsync
            self.autoRewritePercentage = autoRewritePercentage
            self.autoRewriteMinBytes = autoRewriteMinBytes
        }

        /// The full path of the log file.
        public var filePath: String {
            directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
        }
    }
}
