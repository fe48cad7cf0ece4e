/// Equal, Greater and Less: elementwise comparisons with numpy broadcasting giving bool tensors.
///
/// Numbers of every type compare (float16 by value); Equal also takes bool and string. Before
/// opset 7 broadcasting was opt-in (`broadcast = 1`) and `axis` aligned B inside A.
struct ComparisonOperator: Operator {
    enum Kind: String, Sendable {
        case equal = "Equal"
        case greater = "Greater"
        case less = "Less"
    }

    let kind: Kind
    /// Opset < 7: whether legacy broadcasting is enabled, and the axis B aligns to.
    let legacy: (broadcast: Bool, axis: Int?)?

    init(kind: Kind, node: NodeInfo) throws {
        self.kind = kind
        if node.opsetVersion < 7 {
            legacy = (try node.attributes.int("broadcast", default: 0) != 0, try node.attributes.intIfPresent("axis"))
        } else {
            legacy = nil
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let op = kind.rawValue
        let a = try TensorKernels.tensor(inputs, 0, op, "A")
        var b = try TensorKernels.tensor(inputs, 1, op, "B")
        if let legacy {
            b = try Self.legacyAligned(b, to: a, broadcast: legacy.broadcast, axis: legacy.axis, op: op)
        }
        return [.tensor(try compare(a, b))]
    }

    /// `a <kind> b` elementwise over their broadcast shape.
    func compare(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let op = kind.rawValue
        guard a.dataType == b.dataType else {
            throw RuntimeError.invalidInput("\(op): A is \(a.dataType) but B is \(b.dataType); they need one type")
        }
        do {
            _ = try Broadcast.shape(a.shape, b.shape)
        } catch {
            throw RuntimeError.invalidInput("\(op): shapes \(a.shape) and \(b.shape) cannot be broadcast together")
        }
        switch a.dataType {
        case .float: return try ordered(a, b, Float.self)
        case .double: return try ordered(a, b, Double.self)
        case .int64: return try ordered(a, b, Int64.self)
        case .int32: return try ordered(a, b, Int32.self)
        case .uint8: return try ordered(a, b, UInt8.self)
        case .int8: return try ordered(a, b, Int8.self)
        case .uint16: return try ordered(a, b, UInt16.self)
        case .int16: return try ordered(a, b, Int16.self)
        case .uint32: return try ordered(a, b, UInt32.self)
        case .uint64: return try ordered(a, b, UInt64.self)
        case .float16:
            // Compared by value (so -0 == +0 and NaN != NaN), not by bit pattern.
            return try ordered(Self.widened(a), Self.widened(b), Float.self)
        case .string where kind == .equal: return try ComparisonKernel.evaluate(a, b, IsEqual<String>())
        case .bool where kind == .equal: return try ComparisonKernel.evaluate(a, b, IsEqual<Bool>())
        case .string, .bool: throw RuntimeError.unsupportedDataType(a.dataType, operation: op)
        }
    }

    private func ordered<T: TensorElement & Comparable>(_ a: Tensor, _ b: Tensor, _ type: T.Type) throws -> Tensor {
        switch kind {
        case .equal: try ComparisonKernel.evaluate(a, b, IsEqual<T>())
        case .greater: try ComparisonKernel.evaluate(a, b, IsGreater<T>())
        case .less: try ComparisonKernel.evaluate(a, b, IsLess<T>())
        }
    }

    private static func widened(_ t: Tensor) throws -> Tensor {
        Tensor(uncheckedShape: t.shape, storage: .float(try t.floatValues()))
    }

    /// B reshaped so numpy broadcasting reproduces opset-1 semantics: with `axis`, B's dimensions
    /// line up with A's starting at `axis`; without broadcasting the shapes must match exactly.
    static func legacyAligned(_ b: Tensor, to a: Tensor, broadcast: Bool, axis: Int?, op: String) throws -> Tensor {
        guard broadcast else {
            guard a.shape == b.shape else {
                throw RuntimeError.invalidInput(
                    "\(op): shapes \(a.shape) and \(b.shape) differ and the node does not set broadcast = 1"
                )
            }
            return b
        }
        guard let axis else { return b }
        let start = try TensorKernels.axis(axis, rank: a.rank, op)
        let trailing = a.rank - start - b.rank
        guard trailing >= 0 else {
            throw RuntimeError.invalidInput("\(op): B of shape \(b.shape) does not fit in A \(a.shape) from axis \(axis)")
        }
        return Tensor(uncheckedShape: b.shape + Array(repeating: 1, count: trailing), storage: b.storage)
    }
}

/// Not: logical negation of a bool tensor.
struct NotOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Not", "X")
        guard let values = x.bools else { throw RuntimeError.unsupportedDataType(x.dataType, operation: "Not") }
        return [
            .tensor(
                Tensor.build(shape: x.shape, of: Bool.self) { out in
                    for i in 0..<values.count { out[i] = !values[i] }
                }
            )
        ]
    }
}
