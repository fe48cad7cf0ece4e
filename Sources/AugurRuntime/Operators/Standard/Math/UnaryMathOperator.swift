#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise unary math and activations: one tight loop over the input buffer into one new buffer.
///
/// Float and double everywhere; Abs, Neg and Relu also take the signed (and for Abs/Relu unsigned)
/// integer types; float16 is computed in float.
struct UnaryMathOperator: Operator {
    enum Kind: String, Sendable, CaseIterable {
        case sqrt = "Sqrt", exp = "Exp", log = "Log", abs = "Abs", neg = "Neg", reciprocal = "Reciprocal"
        case relu = "Relu", leakyRelu = "LeakyRelu", sigmoid = "Sigmoid", tanh = "Tanh", erf = "Erf"
        case gelu = "Gelu"
    }

    let kind: Kind
    /// LeakyRelu's slope for negative inputs (default 0.01).
    let alpha: Float
    /// Gelu's `approximate = "tanh"`.
    let tanhApproximation: Bool

    init(node: NodeInfo, kind: Kind) throws {
        self.kind = kind
        alpha = kind == .leakyRelu ? try node.attributes.float("alpha", default: 0.01) : 0
        if kind == .gelu {
            let approximate = try node.attributes.string("approximate", default: "none")
            guard approximate == "none" || approximate == "tanh" else {
                throw node.attributes.invalid("approximate", "must be \"none\" or \"tanh\", got \"\(approximate)\"")
            }
            tanhApproximation = approximate == "tanh"
        } else {
            tanhApproximation = false
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, kind.rawValue)
        return [.tensor(try apply(x))]
    }

    func apply(_ x: Tensor) throws -> Tensor {
        switch x.storage {
        case .float(let a): return applyFloat(a, shape: x.shape)
        case .double(let a): return Self.map(a, shape: x.shape, floatingFunction(Double.self))
        case .float16(let a):
            let r = applyFloat(a.map(\.floatValue), shape: x.shape)
            return Tensor(uncheckedShape: x.shape, storage: .float16((r.floats ?? []).map { Float16Bits($0) }))
        case .int64(let a): return try signed(a, x)
        case .int32(let a): return try signed(a, x)
        case .int16(let a): return try signed(a, x)
        case .int8(let a): return try signed(a, x)
        case .uint64(let a): return try unsigned(a, x)
        case .uint32(let a): return try unsigned(a, x)
        case .uint16(let a): return try unsigned(a, x)
        case .uint8(let a): return try unsigned(a, x)
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: kind.rawValue)
        }
    }

    func applyFloat(_ a: [Float], shape: [Int]) -> Tensor {
        Tensor.build(shape: shape, of: Float.self) { out in
            a.withUnsafeBufferPointer { p in
                guard let src = p.baseAddress, let dst = out.baseAddress else { return }
                let n = p.count
                // Each kind gets its own loop so the compiler inlines and vectorises the body.
                switch kind {
                case .exp: VectorMath.exp(src, dst, count: n)
                case .sigmoid: VectorMath.sigmoid(src, dst, count: n)
                case .tanh: VectorMath.tanh(src, dst, count: n)
                case .relu: for i in 0..<n { dst[i] = Swift.max(src[i], 0) }
                case .leakyRelu:
                    let slope = alpha
                    for i in 0..<n { dst[i] = src[i] >= 0 ? src[i] : src[i] * slope }
                case .sqrt: for i in 0..<n { dst[i] = src[i].squareRoot() }
                case .abs: for i in 0..<n { dst[i] = Swift.abs(src[i]) }
                case .neg: for i in 0..<n { dst[i] = -src[i] }
                case .reciprocal: for i in 0..<n { dst[i] = 1 / src[i] }
                case .log: for i in 0..<n { dst[i] = Float.log(src[i]) }
                case .erf: for i in 0..<n { dst[i] = Float.erf(src[i]) }
                case .gelu:
                    let f = floatingFunction(Float.self)
                    for i in 0..<n { dst[i] = f(src[i]) }
                }
            }
        }
    }

    /// The scalar function for a floating-point type.
    func floatingFunction<T: MathFloat>(_ type: T.Type) -> (T) -> T {
        let slope = T(alpha)
        switch kind {
        case .sqrt: return { $0.squareRoot() }
        case .exp: return { T.exp($0) }
        case .log: return { T.log($0) }
        case .abs: return { Swift.abs($0) }
        case .neg: return { -$0 }
        case .reciprocal: return { 1 / $0 }
        case .relu: return { Swift.max($0, 0) }
        case .leakyRelu: return { $0 >= 0 ? $0 : $0 * slope }
        case .sigmoid: return { $0 >= 0 ? 1 / (1 + T.exp(-$0)) : T.exp($0) / (1 + T.exp($0)) }
        case .tanh: return { T.tanh($0) }
        case .erf: return { T.erf($0) }
        case .gelu:
            if tanhApproximation {
                let c = T(0.797_884_560_802_865_4)  // sqrt(2 / pi)
                return { x in 0.5 * x * (1 + T.tanh(c * (x + T(0.044715) * x * x * x))) }
            }
            let invSqrt2 = T(0.707_106_781_186_547_5)
            return { x in 0.5 * x * (1 + T.erf(x * invSqrt2)) }
        }
    }

    func signed<T: TensorElement & FixedWidthInteger & SignedInteger>(_ a: [T], _ x: Tensor) throws -> Tensor {
        switch kind {
        case .abs: return Self.map(a, shape: x.shape) { $0 < 0 ? 0 &- $0 : $0 }
        case .neg: return Self.map(a, shape: x.shape) { 0 &- $0 }
        case .relu: return Self.map(a, shape: x.shape) { $0 > 0 ? $0 : 0 }
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: kind.rawValue)
        }
    }

    func unsigned<T: TensorElement & FixedWidthInteger & UnsignedInteger>(_ a: [T], _ x: Tensor) throws -> Tensor {
        switch kind {
        case .abs, .relu: return x
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: kind.rawValue)
        }
    }

    @inline(__always)
    static func map<T: TensorElement>(_ a: [T], shape: [Int], _ f: (T) -> T) -> Tensor {
        Tensor.build(shape: shape, of: T.self) { out in
            a.withUnsafeBufferPointer { p in
                for i in 0..<p.count { out[i] = f(p[i]) }
            }
        }
    }
}

/// Float and Double with the libm functions the kernels need, so they are written once.
protocol MathFloat: TensorElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
}

extension Float: MathFloat {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func tanh(_ x: Float) -> Float { tanhf(x) }
    @inline(__always) static func erf(_ x: Float) -> Float { erff(x) }
}

extension Double: MathFloat {
    @inline(__always) static func exp(_ x: Double) -> Double { libmExp(x) }
    @inline(__always) static func log(_ x: Double) -> Double { libmLog(x) }
    @inline(__always) static func tanh(_ x: Double) -> Double { libmTanh(x) }
    @inline(__always) static func erf(_ x: Double) -> Double { libmErf(x) }
}

// At file scope these names resolve to the C library, not to the static requirements above.
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmTanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) private func libmErf(_ x: Double) -> Double { erf(x) }
