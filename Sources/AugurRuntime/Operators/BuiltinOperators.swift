/// The list of operator families that make up `OperatorRegistry.default`.
public enum BuiltinOperators {
    /// A registry holding the core, standard (ai.onnx) and ML (ai.onnx.ml) operators.
    public static func makeRegistry() -> OperatorRegistry {
        var registry = OperatorRegistry()
        CoreOperators.register(into: &registry)
        StandardOperators.register(into: &registry)
        MLOperators.register(into: &registry)
        return registry
    }
}
