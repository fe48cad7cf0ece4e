/// How an `InferenceSession` loads and compiles a model.
public struct SessionOptions: Sendable {
    /// The operators available to the model. Default: `OperatorRegistry.default`.
    public var registry: OperatorRegistry
    /// The newest opset version accepted per normalised domain; a model importing a newer one is refused,
    /// since its operators may behave differently. Default: ai.onnx 22, ai.onnx.ml 5 (ONNX 1.17).
    /// Domains not listed are not limited.
    public var maximumOpsetVersions: [String: Int]

    /// Creates session options; the defaults suit ONNX 1.17-era models.
    public init(
        registry: OperatorRegistry = .default,
        maximumOpsetVersions: [String: Int] = ["": 22, "ai.onnx.ml": 5]
    ) {
        self.registry = registry
        self.maximumOpsetVersions = maximumOpsetVersions
    }
}
