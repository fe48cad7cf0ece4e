#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax and LogSoftmax. Before opset 13 the input is coerced to 2-D at `axis` (default 1) and each
/// row is normalised as a whole; from 13 the normalisation runs along the single `axis` (default -1).
struct SoftmaxOperator: Operator {
    let opType: String
    let logarithmic: Bool
    let axis: Int
    let coercesTo2D: Bool

    init(node: NodeInfo, logarithmic: Bool) throws {
        opType = logarithmic ? "LogSoftmax" : "Softmax"
        self.logarithmic = logarithmic
        coercesTo2D = node.opsetVersion < 13
        axis = try node.attributes.int("axis", default: coercesTo2D ? 1 : -1)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, opType)
        let rank = max(x.rank, 1)
        let a = try Shape.normalizeAxis(axis, rank: rank, allowEnd: coercesTo2D && axis == x.rank)
        let dims = x.shape.isEmpty ? [1] : x.shape
        let outer = dims[..<a].reduce(1, *)
        let n: Int
        let inner: Int
        if coercesTo2D {
            n = dims[a...].reduce(1, *)
            inner = 1
        } else {
            n = dims[a]
            inner = dims[(a + 1)...].reduce(1, *)
        }
        switch x.storage {
        case .float(let v):
            return [.tensor(Self.compute(v, shape: x.shape, outer: outer, n: n, inner: inner, log: logarithmic, rows: Self.floatRows))]
        case .double(let v):
            return [.tensor(Self.compute(v, shape: x.shape, outer: outer, n: n, inner: inner, log: logarithmic, rows: Self.genericRows))]
        case .float16(let v):
            let r = Self.compute(
                v.map(\.floatValue), shape: x.shape, outer: outer, n: n, inner: inner, log: logarithmic, rows: Self.floatRows)
            return [.tensor(Tensor(uncheckedShape: x.shape, storage: .float16((r.floats ?? []).map { Float16Bits($0) })))]
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: opType)
        }
    }

    /// Normalises `outer * inner` vectors of length `n` (stride `inner`), through a contiguous scratch
    /// row when `inner > 1`, so the row kernel always sees contiguous memory.
    static func compute<T: TensorElement & BinaryFloatingPoint>(
        _ v: [T], shape: [Int], outer: Int, n: Int, inner: Int, log: Bool,
        rows: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int, Bool) -> Void
    ) -> Tensor {
        Tensor.build(shape: shape, of: T.self) { out in
            v.withUnsafeBufferPointer { p in
                guard let src = p.baseAddress, let dst = out.baseAddress, n > 0 else { return }
                if inner == 1 {
                    for o in 0..<outer { rows(src + o * n, dst + o * n, n, log) }
                    return
                }
                let scratch = UnsafeMutablePointer<T>.allocate(capacity: 2 * n)
                defer { scratch.deallocate() }
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * n * inner + i
                        for k in 0..<n { scratch[k] = src[base + k * inner] }
                        rows(scratch, scratch + n, n, log)
                        for k in 0..<n { dst[base + k * inner] = scratch[n + k] }
                    }
                }
            }
        }
    }

    /// One float row: vectorised exp of `x - max`, then scale (or subtract the log of the sum).
    static func floatRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int, _ log: Bool) {
        var m = -Float.infinity
        for i in 0..<n where x[i] > m { m = x[i] }
        if m == -.infinity || !m.isFinite { m = m.isNaN ? m : 0 }
        for i in 0..<n { y[i] = x[i] - m }
        VectorMath.exp(UnsafePointer(y), y, count: n)
        var sum: Float = 0
        for i in 0..<n { sum += y[i] }
        if log {
            let shift = m + logf(sum)
            for i in 0..<n { y[i] = x[i] - shift }
        } else {
            let scale = 1 / sum
            for i in 0..<n { y[i] *= scale }
        }
    }

    /// One row of any floating type with the libm exp of its `MathFloat` conformance.
    static func genericRows<T: MathFloat>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int, _ log: Bool) {
        var m = -T.infinity
        for i in 0..<n where x[i] > m { m = x[i] }
        if !m.isFinite { m = m.isNaN ? m : 0 }
        var sum: T = 0
        for i in 0..<n {
            let e = T.exp(x[i] - m)
            y[i] = e
            sum += e
        }
        if log {
            let shift = m + T.log(sum)
            for i in 0..<n { y[i] = x[i] - shift }
        } else {
            for i in 0..<n { y[i] /= sum }
        }
    }
}
