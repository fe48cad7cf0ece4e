/// The operators the executor itself relies on: Identity, Constant, Dropout (inference), Cast, Shape.
public enum CoreOperators {
    /// Adds the core operators to `registry`.
    public static func register(into registry: inout OperatorRegistry) {
        registry.register(opType: "Identity", sinceVersion: 1) { _ in IdentityOperator() }
        registry.register(opType: "Constant", sinceVersion: 1) { try ConstantOperator(node: $0) }
        registry.register(opType: "Dropout", sinceVersion: 1) { try DropoutOperator(node: $0) }
        registry.register(opType: "Cast", sinceVersion: 1) { try CastOperator(node: $0) }
        registry.register(opType: "Shape", sinceVersion: 1) { try ShapeOperator(node: $0) }
    }
}

/// Passes its input through unchanged (tensors, sequences and maps alike).
struct IdentityOperator: Operator {
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let first = inputs.first, let value = first else {
            throw RuntimeError.invalidInput("Identity needs one input")
        }
        return [value]
    }
}

/// Produces the value given by one of its attributes, decoded once at load.
struct ConstantOperator: Operator {
    let value: Value

    init(node: NodeInfo) throws {
        let a = node.attributes
        let present = a.values.keys.filter { $0.hasPrefix("value") || $0 == "sparse_value" }
        guard present.count == 1, let name = present.first else {
            throw RuntimeError.invalidAttribute(
                node: node.name,
                opType: "Constant",
                attribute: "value",
                reason: "exactly one of value, value_float(s), value_int(s), value_string(s) must be set, found \(present.sorted())"
            )
        }
        switch name {
        case "value": value = .tensor(try a.tensor(name))
        case "value_float": value = .tensor(Tensor(scalar: try a.float(name)))
        case "value_floats": let v = try a.floats(name); value = .tensor(Tensor(shape: [v.count], elements: v))
        case "value_int": value = .tensor(Tensor(scalar: Int64(try a.int(name))))
        case "value_ints":
            let v = try a.int64sIfPresent(name) ?? []
            value = .tensor(Tensor(shape: [v.count], elements: v))
        case "value_string": value = .tensor(Tensor(scalar: try a.string(name)))
        case "value_strings": let v = try a.strings(name); value = .tensor(Tensor(shape: [v.count], elements: v))
        default:
            throw RuntimeError.invalidAttribute(
                node: node.name,
                opType: "Constant",
                attribute: name,
                reason: "sparse constants are not supported"
            )
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] { [value] }
}

/// Dropout at inference: the identity, plus an all-true mask when the second output is requested.
struct DropoutOperator: Operator {
    let wantsMask: Bool
    /// Opset < 12 carried training state in `is_test`; from 12 it is the third input.
    let trainingFromInput: Bool

    init(node: NodeInfo) throws {
        wantsMask = node.hasOutput(1)
        trainingFromInput = node.opsetVersion >= 12
        if node.opsetVersion < 7, try node.attributes.int("is_test", default: 0) == 0 {
            throw node.attributes.invalid("is_test", "training-mode dropout (is_test = 0) is not supported")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let first = inputs.first, let data = first else {
            throw RuntimeError.invalidInput("Dropout needs its data input")
        }
        let x = try data.asTensor()
        if trainingFromInput, inputs.count > 2, let modeValue = inputs[2] {
            let training = try modeValue.asTensor().bools?.first ?? false
            let ratio = inputs.count > 1 ? try inputs[1].map { try $0.asTensor().scalarDouble() } ?? 0.5 : 0.5
            if training && ratio != 0 {
                throw RuntimeError.invalidInput("training-mode dropout with ratio \(ratio) is random and not supported")
            }
        }
        guard wantsMask else { return [data] }
        return [data, .tensor(Tensor(shape: x.shape, elements: [Bool](repeating: true, count: x.count)))]
    }
}

/// Returns the shape of its input as a 1-D int64 tensor, sliced by `start`/`end` from opset 15.
struct ShapeOperator: Operator {
    let start: Int
    let end: Int?

    init(node: NodeInfo) throws {
        start = node.opsetVersion >= 15 ? try node.attributes.int("start", default: 0) : 0
        end = node.opsetVersion >= 15 ? try node.attributes.intIfPresent("end") : nil
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let first = inputs.first, let data = first else {
            throw RuntimeError.invalidInput("Shape needs one input")
        }
        let shape = try data.asTensor().shape
        let rank = shape.count
        func clamp(_ i: Int) -> Int { min(max(i < 0 ? i + rank : i, 0), rank) }
        let lo = clamp(start)
        let hi = clamp(end ?? rank)
        let dims = lo < hi ? shape[lo..<hi].map { Int64($0) } : []
        return [.tensor(Tensor(shape: [dims.count], elements: dims))]
    }
}
