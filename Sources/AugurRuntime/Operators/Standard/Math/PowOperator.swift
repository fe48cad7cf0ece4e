#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pow: `base ^ exponent` with numpy broadcasting; the output has the base's type (opset 12+ lets the
/// exponent be any numeric type). Integer powers of integers are exact (wrapping), as numpy computes them.
struct PowOperator: Operator {
    let legacyAxis: Int?
    let legacyBroadcast: Bool

    init(node: NodeInfo) throws {
        if node.opsetVersion < 7 {
            legacyBroadcast = try node.attributes.int("broadcast", default: 0) != 0
            legacyAxis = try node.attributes.intIfPresent("axis")
        } else {
            legacyBroadcast = false
            legacyAxis = nil
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let base = try MathOperatorInputs.tensor(inputs, 0, "Pow")
        var exponent = try MathOperatorInputs.tensor(inputs, 1, "Pow")
        if legacyBroadcast {
            exponent = try BinaryArithmeticOperator.alignLegacy(exponent, to: base, axis: legacyAxis)
        }
        switch (base.storage, exponent.storage) {
        case (.float(let x), .float(let y)):
            return [.tensor(try Self.map(x, base.shape, y, exponent.shape) { a, b in b == 2 ? a * a : powf(a, b) })]
        case (.double(let x), .double(let y)):
            return [.tensor(try Self.map(x, base.shape, y, exponent.shape) { a, b in b == 2 ? a * a : pow(a, b) })]
        case (.float(let x), _):
            let y = try exponent.doubleValues()
            return [.tensor(try Self.map(x, base.shape, y, exponent.shape) { a, b in Float(pow(Double(a), b)) })]
        case (.double(let x), _):
            let y = try exponent.doubleValues()
            return [.tensor(try Self.map(x, base.shape, y, exponent.shape) { a, b in pow(a, b) })]
        case (.float16(let x), _):
            let y = try exponent.doubleValues()
            let r = try Self.map(x, base.shape, y, exponent.shape) { a, b in Float16Bits(Float(pow(Double(a.floatValue), b))) }
            return [.tensor(r)]
        case (.int64(let x), _): return [.tensor(try Self.integerBase(x, base.shape, exponent))]
        case (.int32(let x), _): return [.tensor(try Self.integerBase(x, base.shape, exponent))]
        default: throw RuntimeError.unsupportedDataType(base.dataType, operation: "Pow")
        }
    }

    static func integerBase<T: TensorElement & FixedWidthInteger>(_ x: [T], _ shape: [Int], _ exponent: Tensor) throws -> Tensor {
        if exponent.dataType.isInteger {
            let y = try exponent.integerValues().map { Int64($0) }
            return try map(x, shape, y, exponent.shape) { a, b in integerPower(a, b) }
        }
        let y = try exponent.doubleValues()
        return try map(x, shape, y, exponent.shape) { a, b in
            let r = pow(Double(a), b)
            return r.isFinite ? T(truncatingIfNeeded: Int64(max(min(r, 9.2e18), -9.2e18))) : 0
        }
    }

    /// `base ^ exponent` by squaring with wrapping products; negative exponents truncate toward zero.
    static func integerPower<T: FixedWidthInteger>(_ base: T, _ exponent: Int64) -> T {
        if exponent < 0 {
            if base == 1 { return 1 }
            if T.isSigned && base == T(truncatingIfNeeded: -1) { return exponent % 2 == 0 ? 1 : base }
            return 0
        }
        var result: T = 1
        var b = base
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result &* b }
            b = b &* b
            e >>= 1
        }
        return result
    }

    static func map<A: TensorElement, B: TensorElement, R: TensorElement>(
        _ x: [A], _ sx: [Int], _ y: [B], _ sy: [Int], _ op: (A, B) -> R
    ) throws -> Tensor {
        let shape = try Broadcast.shape(sx, sy)
        return Tensor.build(shape: shape, of: R.self) { out in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeBufferPointer { py in
                    ElementwiseLoops.apply(px, shape: sx, py, shape: sy, outputShape: shape, into: out, op)
                }
            }
        }
    }
}
