/// Where the inference log goes and how much it may hold.
public struct InferenceLogConfiguration: Sendable {
    /// What the records keep of inputs and outputs; default `.full`.
    public var mode: InferencePayloadMode
    /// The stream the records are appended to; default `augur:log`; nil for no stream sink.
    public var stream: String?
    /// The approximate length the stream is trimmed to on every append (`XADD MAXLEN ~`); default 100,000.
    public var streamMaxLength: Int
    /// The JSON-lines file the records are appended to; default nil (no file sink).
    public var filePath: String?
    /// The size at which the file is rotated to `path.1`; default 64 MiB.
    public var fileMaxBytes: Int
    /// How many rotated files (`path.1` … `path.N`) are kept; default 5.
    public var fileKeep: Int
    /// How many records may wait for the sinks; past it new records are dropped and counted; default 65,536.
    public var bufferCapacity: Int
    /// How many records one write to the sinks carries at most; default 512.
    public var batchSize: Int

    /// Creates a configuration; every parameter has the documented default.
    public init(
        mode: InferencePayloadMode = .full,
        stream: String? = "augur:log",
        streamMaxLength: Int = 100_000,
        filePath: String? = nil,
        fileMaxBytes: Int = 64 * 1024 * 1024,
        fileKeep: Int = 5,
        bufferCapacity: Int = 65_536,
        batchSize: Int = 512
    ) {
        self.mode = mode
        self.stream = stream
        self.streamMaxLength = max(1, streamMaxLength)
        self.filePath = filePath
        self.fileMaxBytes = max(1, fileMaxBytes)
        self.fileKeep = max(0, fileKeep)
        self.bufferCapacity = max(1, bufferCapacity)
        self.batchSize = max(1, batchSize)
    }
}
