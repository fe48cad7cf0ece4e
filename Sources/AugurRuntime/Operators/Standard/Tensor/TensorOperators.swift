/// Shape manipulation, indexing, comparison and selection operators (ai.onnx).
enum TensorOperators {
    /// Adds these operators to `registry`; each kernel reads `opsetVersion` for older semantics.
    static func register(into registry: inout OperatorRegistry) {
        registry.register(opType: "ConstantOfShape", sinceVersion: 9) { try ConstantOfShapeOperator(node: $0) }
        registry.register(opType: "Reshape", sinceVersion: 1) { try ReshapeOperator(node: $0) }
        registry.register(opType: "Flatten", sinceVersion: 1) { try FlattenOperator(node: $0) }
        registry.register(opType: "Transpose", sinceVersion: 1) { try TransposeOperator(node: $0) }
        registry.register(opType: "Concat", sinceVersion: 1) { try ConcatOperator(node: $0) }
        registry.register(opType: "Split", sinceVersion: 1) { try SplitOperator(node: $0) }
        registry.register(opType: "Slice", sinceVersion: 1) { try SliceOperator(node: $0) }
        registry.register(opType: "Squeeze", sinceVersion: 1) { try SqueezeOperator(node: $0) }
        registry.register(opType: "Unsqueeze", sinceVersion: 1) { try UnsqueezeOperator(node: $0) }
        registry.register(opType: "Gather", sinceVersion: 1) { try GatherOperator(node: $0) }
        registry.register(opType: "Expand", sinceVersion: 8) { try ExpandOperator(node: $0) }
        registry.register(opType: "Where", sinceVersion: 9) { try WhereOperator(node: $0) }
        registry.register(opType: "Equal", sinceVersion: 1) { try ComparisonOperator(kind: .equal, node: $0) }
        registry.register(opType: "Greater", sinceVersion: 1) { try ComparisonOperator(kind: .greater, node: $0) }
        registry.register(opType: "Less", sinceVersion: 1) { try ComparisonOperator(kind: .less, node: $0) }
        registry.register(opType: "Not", sinceVersion: 1) { try NotOperator(node: $0) }
    }
}
