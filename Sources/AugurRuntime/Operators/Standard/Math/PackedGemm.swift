/// A float GEMM whose A operand is packed once and reused for many B operands (Conv's weights across
/// images); limited to a single K block (`k ≤ FloatGemm.kc`), which covers small convolutions.
struct PackedGemmA {
    let m: Int
    let k: Int
    let panels: UnsafeMutablePointer<Float>

    /// Whether an A of depth `k` fits one packed block.
    static func supports(k: Int) -> Bool { k > 0 && k <= FloatGemm.kc }

    /// Packs all `m` rows of `a` (depth `k`); call `deallocate()` when done.
    init(m: Int, k: Int, a: MatrixView<Float>) {
        self.m = m
        self.k = k
        panels = UnsafeMutablePointer<Float>.allocate(capacity: FloatGemm.roundUp(m, FloatGemm.mr) * k * FloatGemm.aCopies)
        GemmPacking.packA(a, rows: 0, mc: m, depth: 0, kc: k, into: panels)
    }

    func deallocate() { panels.deallocate() }

    /// The workspace `multiply` needs for a B with `n` columns.
    static func workspaceSize(k: Int, n: Int) -> Int { FloatGemm.roundUp(n, FloatGemm.nr) * k }

    /// `c = A * b (+ beta * bias)` for a `k x n` B, packing B into `workspace` (see `workspaceSize`).
    func multiply(
        n: Int, b: MatrixView<Float>, bias: GemmBias<Float>?, workspace: UnsafeMutablePointer<Float>,
        into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        if n == 0 || m == 0 { return }
        GemmPacking.packB(b, rows: 0, kc: k, cols: 0, nc: n, into: workspace)
        var jr = 0
        while jr < n {
            let nrb = min(FloatGemm.nr, n - jr)
            var ir = 0
            while ir < m {
                let mrb = min(FloatGemm.mr, m - ir)
                let tile = FloatMicroKernel.compute(kc: k, a: panels + ir * k * FloatGemm.aCopies, b: workspace + jr * k)
                FloatMicroKernel.store(
                    tile, rows: mrb, cols: nrb, row0: ir, col0: jr, alpha: 1, accumulate: false, bias: bias,
                    into: c, ldc: ldc)
                ir += FloatGemm.mr
            }
            jr += FloatGemm.nr
        }
    }
}
