/// Single-precision GEMM: `C = alpha * A * B (+ beta * bias)`, with packed panels and a 6 x nr register tile.
///
/// The classic blocked layout: B is packed in `kc x nr` column panels and A in `6 x kc` row panels so
/// the micro-kernel streams both contiguously; the bias (Gemm's C, Conv's per-channel bias) is added
/// in the micro-kernel's store, so the output is written exactly once per `kc` block.
enum FloatGemm {
    /// Rows of the register tile.
    static let mr = 6
    /// Columns of the register tile: one `GemmVector`.
    static let nr = GemmVector.scalarCount
    /// Copies of each packed A value. SSE has no broadcast-from-memory, so A is packed pre-broadcast
    /// (4 lanes) and the kernel loads it directly, saving a shuffle per row and step (about 25%).
    #if AUGUR_FMA
    static let aCopies = 1
    #else
    static let aCopies = 4
    #endif
    /// Depth of one packed block: a 6 x 256 A panel and a 256 x nr B panel stay in L1.
    static let kc = 256
    /// Rows of A packed at a time (a multiple of `mr`), sized for L2.
    static let mc = 120
    /// Columns of B packed at a time (a multiple of `nr`), sized for L2.
    static let nc = 1024

    /// `c[i * ldc + j] = alpha * sum_p a[i, p] * b[p, j] + (bias.map { beta * bias[i, j] } ?? 0)`.
    static func multiply(
        m: Int, n: Int, k: Int, a: MatrixView<Float>, b: MatrixView<Float>, alpha: Float,
        bias: GemmBias<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            fillWithBias(m: m, n: n, bias: bias, into: c, ldc: ldc)
            return
        }
        if m < 4 {
            SmallGemm.multiply(m: m, n: n, k: k, a: a, b: b, alpha: alpha, bias: bias, into: c, ldc: ldc)
            return
        }
        if n <= NarrowGemm.maxColumns {
            NarrowGemm.multiply(m: m, n: n, k: k, a: a, b: b, alpha: alpha, bias: bias, into: c, ldc: ldc)
            return
        }
        let panelColumns = min(nc, roundUp(n, nr))
        let panelDepth = min(kc, k)
        let blockRows = min(mc, roundUp(m, mr))
        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: panelColumns * panelDepth)
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * panelDepth * aCopies)
        defer {
            packedB.deallocate()
            packedA.deallocate()
        }
        var jc = 0
        while jc < n {
            let ncb = min(nc, n - jc)
            var pc = 0
            while pc < k {
                let kcb = min(kc, k - pc)
                GemmPacking.packB(b, rows: pc, kc: kcb, cols: jc, nc: ncb, into: packedB)
                var ic = 0
                while ic < m {
                    let mcb = min(mc, m - ic)
                    GemmPacking.packA(a, rows: ic, mc: mcb, depth: pc, kc: kcb, into: packedA)
                    var jr = 0
                    while jr < ncb {
                        let nrb = min(nr, ncb - jr)
                        var ir = 0
                        while ir < mcb {
                            let mrb = min(mr, mcb - ir)
                            let tile = FloatMicroKernel.compute(
                                kc: kcb, a: packedA + ir * kcb * aCopies, b: packedB + jr * kcb)
                            FloatMicroKernel.store(
                                tile, rows: mrb, cols: nrb, row0: ic + ir, col0: jc + jr, alpha: alpha,
                                accumulate: pc > 0, bias: pc == 0 ? bias : nil, into: c, ldc: ldc)
                            ir += mr
                        }
                        jr += nr
                    }
                    ic += mc
                }
                pc += kc
            }
            jc += nc
        }
    }

    /// K = 0: the product is empty, so the output is the bias term (or zeros).
    static func fillWithBias(m: Int, n: Int, bias: GemmBias<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                c[i * ldc + j] = bias.map { $0.beta * $0[i, j] } ?? 0
            }
        }
    }

    @inline(__always)
    static func roundUp(_ x: Int, _ multiple: Int) -> Int { (x + multiple - 1) / multiple * multiple }
}
