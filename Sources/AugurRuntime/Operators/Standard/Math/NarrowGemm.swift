/// GEMM with only a few output columns (a classifier's last layer: N = 2…4), where a register tile of
/// `FloatGemm.nr` columns would mostly compute padding: B's columns are copied out contiguously once,
/// then every output is one vectorised dot product with a row of A.
enum NarrowGemm {
    /// The widest N this path takes.
    static let maxColumns = 4

    static func multiply(
        m: Int, n: Int, k: Int, a: MatrixView<Float>, b: MatrixView<Float>, alpha: Float,
        bias: GemmBias<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: n * k + (a.colStride == 1 ? 0 : k))
        defer { columns.deallocate() }
        for j in 0..<n {
            for p in 0..<k { columns[j * k + p] = b[p, j] }
        }
        let rowBuffer = columns + n * k
        for i in 0..<m {
            let aRow: UnsafePointer<Float>
            if a.colStride == 1 {
                aRow = a.base + i * a.rowStride
            } else {
                for p in 0..<k { rowBuffer[p] = a[i, p] }
                aRow = UnsafePointer(rowBuffer)
            }
            let out = c + i * ldc
            for j in 0..<n {
                var v = alpha * SmallGemm.dot(aRow, columns + j * k, count: k)
                if let bias { v += bias.beta * bias[i, j] }
                out[j] = v
            }
        }
    }
}
