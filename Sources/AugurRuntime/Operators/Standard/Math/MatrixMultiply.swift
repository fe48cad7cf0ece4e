/// Matrix products for the element types Gemm and MatMul accept: the packed float kernel, and a
/// straightforward row-streaming loop for double.
enum MatrixMultiply {
    /// `c = alpha * a * b (+ beta * bias)` for float or double views; `c` has row stride `ldc`.
    @inline(__always)
    static func multiply<T: TensorElement & BinaryFloatingPoint>(
        m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, alpha: T, bias: GemmBias<T>?,
        into c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        if T.self == Float.self {
            FloatGemm.multiply(
                m: m, n: n, k: k, a: unsafeBitCast(a, to: MatrixView<Float>.self),
                b: unsafeBitCast(b, to: MatrixView<Float>.self), alpha: Float(alpha),
                bias: bias.map { unsafeBitCast($0, to: GemmBias<Float>.self) },
                into: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc)
            return
        }
        generic(m: m, n: n, k: k, a: a, b: b, alpha: alpha, bias: bias, into: c, ldc: ldc)
    }

    /// The reference-order product: each output row accumulates `a[i, p] * b[p, :]` over p.
    static func generic<T: BinaryFloatingPoint>(
        m: Int, n: Int, k: Int, a: MatrixView<T>, b: MatrixView<T>, alpha: T, bias: GemmBias<T>?,
        into c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = 0 }
            for p in 0..<k {
                let s = a[i, p]
                if b.colStride == 1 {
                    let bRow = b.base + p * b.rowStride
                    for j in 0..<n { row[j] += s * bRow[j] }
                } else {
                    for j in 0..<n { row[j] += s * b[p, j] }
                }
            }
            for j in 0..<n {
                var v = alpha * row[j]
                if let bias { v += bias.beta * bias[i, j] }
                row[j] = v
            }
        }
    }
}
