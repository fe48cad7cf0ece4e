/// Clip: limits every element to [min, max]; bounds are attributes before opset 11 and optional scalar
/// inputs from 11 (integer types from 12). A missing bound means no limit on that side.
struct ClipOperator: Operator {
    /// Opset < 11 bounds from attributes; nil when the node takes them as inputs.
    let attributeBounds: (min: Float, max: Float)?

    init(node: NodeInfo) throws {
        if node.opsetVersion < 11 {
            attributeBounds = (
                try node.attributes.float("min", default: -Float.greatestFiniteMagnitude),
                try node.attributes.float("max", default: Float.greatestFiniteMagnitude)
            )
        } else {
            attributeBounds = nil
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "Clip")
        let low = try MathOperatorInputs.optionalTensor(inputs, 1)
        let high = try MathOperatorInputs.optionalTensor(inputs, 2)
        for bound in [low, high] {
            if let bound, bound.count != 1 {
                throw RuntimeError.invalidInput("Clip's min and max must be scalars, got shape \(bound.shape)")
            }
        }
        switch x.storage {
        case .float(let a):
            let lo = try attributeBounds?.min ?? low.map { try $0.scalarDouble() }.map(Float.init) ?? -.infinity
            let hi = try attributeBounds?.max ?? high.map { try $0.scalarDouble() }.map(Float.init) ?? .infinity
            return [.tensor(Self.clip(a, shape: x.shape, lo, hi))]
        case .double(let a):
            let lo = try attributeBounds.map { Double($0.min) } ?? low.map { try $0.scalarDouble() } ?? -.infinity
            let hi = try attributeBounds.map { Double($0.max) } ?? high.map { try $0.scalarDouble() } ?? .infinity
            return [.tensor(Self.clip(a, shape: x.shape, lo, hi))]
        case .float16(let a):
            let lo = try attributeBounds?.min ?? low.map { try $0.scalarDouble() }.map(Float.init) ?? -.infinity
            let hi = try attributeBounds?.max ?? high.map { try $0.scalarDouble() }.map(Float.init) ?? .infinity
            let r = Self.clip(a.map(\.floatValue), shape: x.shape, lo, hi)
            return [.tensor(Tensor(uncheckedShape: x.shape, storage: .float16((r.floats ?? []).map { Float16Bits($0) })))]
        case .int64(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .int32(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .int16(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .int8(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .uint64(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .uint32(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .uint16(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        case .uint8(let a): return [.tensor(try Self.clipInteger(a, x, low, high))]
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "Clip")
        }
    }

    static func clipInteger<T: TensorElement & FixedWidthInteger>(
        _ a: [T], _ x: Tensor, _ low: Tensor?, _ high: Tensor?
    ) throws -> Tensor {
        let lo = try low.map { try bound($0, as: T.self) } ?? T.min
        let hi = try high.map { try bound($0, as: T.self) } ?? T.max
        return clip(a, shape: x.shape, lo, hi)
    }

    static func bound<T: TensorElement>(_ t: Tensor, as type: T.Type) throws -> T {
        guard let v = T.elements(of: t.storage)?.first else {
            throw RuntimeError.invalidInput("Clip's bounds must have the input's type \(T.dataType), got \(t.dataType)")
        }
        return v
    }

    /// `min(max(x, lo), hi)` as numpy.clip computes it (so lo > hi gives hi everywhere).
    @inline(__always)
    static func clip<T: TensorElement & Comparable>(_ a: [T], shape: [Int], _ lo: T, _ hi: T) -> Tensor {
        Tensor.build(shape: shape, of: T.self) { out in
            a.withUnsafeBufferPointer { p in
                for i in 0..<p.count {
                    let v = p[i]
                    let raised = v < lo ? lo : v
                    out[i] = raised > hi ? hi : raised
                }
            }
        }
    }
}
