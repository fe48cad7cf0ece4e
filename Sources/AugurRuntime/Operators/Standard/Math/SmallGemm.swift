/// GEMM for a few output rows (batch-1 inference), where packing B would cost as much as the product:
/// each row is an AXPY sweep over B's rows, or dot products against B's columns when B is transposed.
enum SmallGemm {
    static func multiply(
        m: Int, n: Int, k: Int, a: MatrixView<Float>, b: MatrixView<Float>, alpha: Float,
        bias: GemmBias<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        // A strided A row is gathered once per row into this buffer, so the inner loops stay contiguous.
        let rowBuffer = UnsafeMutablePointer<Float>.allocate(capacity: a.colStride == 1 ? 0 : k)
        defer { rowBuffer.deallocate() }
        for i in 0..<m {
            let aRow: UnsafePointer<Float>
            if a.colStride == 1 {
                aRow = a.base + i * a.rowStride
            } else {
                for p in 0..<k { rowBuffer[p] = a[i, p] }
                aRow = UnsafePointer(rowBuffer)
            }
            let out = c + i * ldc
            if b.colStride == 1 {
                axpyRow(n: n, k: k, aRow: aRow, b: b, into: out)
            } else if b.rowStride == 1 {
                for j in 0..<n {
                    out[j] = dot(aRow, b.base + j * b.colStride, count: k)
                }
            } else {
                for j in 0..<n {
                    var s: Float = 0
                    for p in 0..<k { s += aRow[p] * b[p, j] }
                    out[j] = s
                }
            }
            for j in 0..<n {
                var v = alpha * out[j]
                if let bias { v += bias.beta * bias[i, j] }
                out[j] = v
            }
        }
    }

    /// `out[0..<n] = sum_p aRow[p] * b[p, 0..<n]` for a B with contiguous rows.
    @inline(__always)
    static func axpyRow(n: Int, k: Int, aRow: UnsafePointer<Float>, b: MatrixView<Float>, into out: UnsafeMutablePointer<Float>) {
        out.initialize(repeating: 0, count: n)
        let vectorEnd = n & ~7
        let raw = UnsafeMutableRawPointer(out)
        for p in 0..<k {
            let s = aRow[p]
            let bRow = b.base + p * b.rowStride
            let splat = SIMD8<Float>(repeating: s)
            let src = UnsafeRawPointer(bRow)
            var j = 0
            while j < vectorEnd {
                let acc = raw.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
                let x = src.loadUnaligned(fromByteOffset: j &* 4, as: SIMD8<Float>.self)
                raw.storeBytes(of: multiplyAdd(acc, splat, x), toByteOffset: j &* 4, as: SIMD8<Float>.self)
                j &+= 8
            }
            while j < n {
                out[j] += s * bRow[j]
                j &+= 1
            }
        }
    }

    /// The dot product of two contiguous float vectors.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>()
        var acc1 = SIMD8<Float>()
        let rx = UnsafeRawPointer(x)
        let ry = UnsafeRawPointer(y)
        var p = 0
        while p + 16 <= count {
            acc0 = multiplyAdd(
                acc0, rx.loadUnaligned(fromByteOffset: p &* 4, as: SIMD8<Float>.self),
                ry.loadUnaligned(fromByteOffset: p &* 4, as: SIMD8<Float>.self))
            acc1 = multiplyAdd(
                acc1, rx.loadUnaligned(fromByteOffset: (p &+ 8) &* 4, as: SIMD8<Float>.self),
                ry.loadUnaligned(fromByteOffset: (p &+ 8) &* 4, as: SIMD8<Float>.self))
            p &+= 16
        }
        var s = (acc0 + acc1).sum()
        while p < count {
            s += x[p] * y[p]
            p &+= 1
        }
        return s
    }
}
