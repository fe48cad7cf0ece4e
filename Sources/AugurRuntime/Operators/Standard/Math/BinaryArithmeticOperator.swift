/// Add, Sub, Mul and Div with numpy broadcasting (opset 7+) or the legacy `broadcast`/`axis` rule (opset < 7).
///
/// Integer arithmetic wraps like the fixed-width C types ONNX runtimes use; integer Div truncates toward
/// zero, and a zero divisor gives 0 rather than trapping.
struct BinaryArithmeticOperator: Operator {
    enum Kind: String, Sendable {
        case add = "Add", sub = "Sub", mul = "Mul", div = "Div"
    }

    let kind: Kind
    /// Opset < 7 with `broadcast = 1`: B aligns with A starting at this axis (nil = trailing alignment).
    let legacyAxis: Int?
    let legacyBroadcast: Bool

    init(node: NodeInfo, kind: Kind) throws {
        self.kind = kind
        if node.opsetVersion < 7 {
            legacyBroadcast = try node.attributes.int("broadcast", default: 0) != 0
            legacyAxis = try node.attributes.intIfPresent("axis")
        } else {
            legacyBroadcast = false
            legacyAxis = nil
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let a = try MathOperatorInputs.tensor(inputs, 0, kind.rawValue)
        var b = try MathOperatorInputs.tensor(inputs, 1, kind.rawValue)
        if legacyBroadcast {
            b = try Self.alignLegacy(b, to: a, axis: legacyAxis)
        }
        guard a.dataType == b.dataType else {
            throw RuntimeError.invalidInput(
                "\(kind.rawValue) needs inputs of one element type, got \(a.dataType) and \(b.dataType)")
        }
        return [.tensor(try apply(a, b))]
    }

    /// Legacy broadcasting: B's dimensions match A's from `axis`, so B gains trailing 1s for numpy rules.
    static func alignLegacy(_ b: Tensor, to a: Tensor, axis: Int?) throws -> Tensor {
        guard let axis else { return b }
        let start = axis < 0 ? axis + a.rank : axis
        let trailing = a.rank - start - b.rank
        guard start >= 0, trailing >= 0 else {
            throw RuntimeError.invalidInput("legacy broadcast axis \(axis) does not fit shapes \(a.shape) and \(b.shape)")
        }
        return Tensor(uncheckedShape: b.shape + Array(repeating: 1, count: trailing), storage: b.storage)
    }

    func apply(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)): return try floating(x, a.shape, y, b.shape)
        case (.double(let x), .double(let y)): return try floating(x, a.shape, y, b.shape)
        case (.int64(let x), .int64(let y)): return try integer(x, a.shape, y, b.shape)
        case (.int32(let x), .int32(let y)): return try integer(x, a.shape, y, b.shape)
        case (.int16(let x), .int16(let y)): return try integer(x, a.shape, y, b.shape)
        case (.int8(let x), .int8(let y)): return try integer(x, a.shape, y, b.shape)
        case (.uint64(let x), .uint64(let y)): return try integer(x, a.shape, y, b.shape)
        case (.uint32(let x), .uint32(let y)): return try integer(x, a.shape, y, b.shape)
        case (.uint16(let x), .uint16(let y)): return try integer(x, a.shape, y, b.shape)
        case (.uint8(let x), .uint8(let y)): return try integer(x, a.shape, y, b.shape)
        case (.float16(let x), .float16(let y)):
            let r = try floating(x.map(\.floatValue), a.shape, y.map(\.floatValue), b.shape)
            return Tensor(uncheckedShape: r.shape, storage: .float16((r.floats ?? []).map { Float16Bits($0) }))
        default: throw RuntimeError.unsupportedDataType(a.dataType, operation: kind.rawValue)
        }
    }

    func floating<T: TensorElement & BinaryFloatingPoint>(
        _ x: [T], _ sx: [Int], _ y: [T], _ sy: [Int]
    ) throws -> Tensor {
        let shape = try Broadcast.shape(sx, sy)
        return Tensor.build(shape: shape, of: T.self) { out in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    switch kind {
                    case .add: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 + $1 }
                    case .sub: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 - $1 }
                    case .mul: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 * $1 }
                    case .div: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 / $1 }
                    }
                }
            }
        }
    }

    func integer<T: TensorElement & FixedWidthInteger>(
        _ x: [T], _ sx: [Int], _ y: [T], _ sy: [Int]
    ) throws -> Tensor {
        let shape = try Broadcast.shape(sx, sy)
        return Tensor.build(shape: shape, of: T.self) { out in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    switch kind {
                    case .add: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 &+ $1 }
                    case .sub: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 &- $1 }
                    case .mul: ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { $0 &* $1 }
                    case .div:
                        ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out) { (p: T, q: T) -> T in
                            q == 0 ? 0 : p.dividedReportingOverflow(by: q).partialValue
                        }
                    }
                }
            }
        }
    }
}
