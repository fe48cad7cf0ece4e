/// How much of a request's inputs and outputs the inference log keeps.
public enum InferencePayloadMode: String, Sendable, CaseIterable {
    /// The raw JSON exactly as the request and the result carried it.
    case full
    /// `sha256:<hex>` of those exact bytes: enough to spot repeats or match a request without storing it.
    case hash
    /// Neither inputs nor outputs: the record carries only ids, timestamps and the outcome.
    case none
}
