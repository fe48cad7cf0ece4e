/// Errors the stream storage reports.
public enum StreamsError: Error, Equatable, Sendable {
    /// A mutation record could not be decoded or does not apply to the current state; the log is damaged.
    case corruptRecord(String)
}
