/// Copies blocks of A and B into the contiguous, zero-padded panel layouts the micro-kernel reads.
enum GemmPacking {
    /// Packs `a[rows ..< rows + mc, depth ..< depth + kc]` as consecutive 6-row panels, each `kc x 6`
    /// (times `FloatGemm.aCopies` copies of every value).
    @inline(__always)
    static func packA(
        _ a: MatrixView<Float>, rows: Int, mc: Int, depth: Int, kc: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        let mr = FloatGemm.mr
        let copies = FloatGemm.aCopies
        @inline(__always) func put(_ panel: UnsafeMutablePointer<Float>, _ p: Int, _ r: Int, _ v: Float) {
            let q = (p &* mr &+ r) &* copies
            for c in 0..<copies { panel[q &+ c] = v }
        }
        var ir = 0
        while ir < mc {
            let mrb = min(mr, mc - ir)
            let panel = dst + ir * kc * copies
            if a.colStride == 1 {
                for r in 0..<mrb {
                    let src = a.base + (rows + ir + r) * a.rowStride + depth
                    var p = 0
                    while p < kc {
                        put(panel, p, r, src[p])
                        p &+= 1
                    }
                }
            } else if a.rowStride == 1 {
                for p in 0..<kc {
                    let src = a.base + (depth + p) * a.colStride + rows + ir
                    for r in 0..<mrb { put(panel, p, r, src[r]) }
                }
            } else {
                for p in 0..<kc {
                    for r in 0..<mrb { put(panel, p, r, a[rows + ir + r, depth + p]) }
                }
            }
            if mrb < mr {
                for p in 0..<kc {
                    for r in mrb..<mr { put(panel, p, r, 0) }
                }
            }
            ir += mr
        }
    }

    /// Packs `b[rows ..< rows + kc, cols ..< cols + nc]` as consecutive `nr`-column panels, each `kc x nr`.
    @inline(__always)
    static func packB(
        _ b: MatrixView<Float>, rows: Int, kc: Int, cols: Int, nc: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        let nr = FloatGemm.nr
        var jr = 0
        while jr < nc {
            let nrb = min(nr, nc - jr)
            let panel = dst + jr * kc
            if b.colStride == 1 && nrb == nr {
                let raw = UnsafeMutableRawPointer(panel)
                for p in 0..<kc {
                    let src = UnsafeRawPointer(b.base + (rows + p) * b.rowStride + cols + jr)
                    raw.storeBytes(
                        of: src.loadUnaligned(as: GemmVector.self), toByteOffset: p &* MemoryLayout<GemmVector>.size,
                        as: GemmVector.self)
                }
            } else if b.colStride == 1 {
                for p in 0..<kc {
                    let src = b.base + (rows + p) * b.rowStride + cols + jr
                    let row = panel + p &* nr
                    for j in 0..<nrb { row[j] = src[j] }
                    for j in nrb..<nr { row[j] = 0 }
                }
            } else {
                for j in 0..<nrb {
                    let src = b.base + (cols + jr + j) * b.colStride + rows * b.rowStride
                    var p = 0
                    let step = b.rowStride
                    while p < kc {
                        panel[p &* nr &+ j] = src[p &* step]
                        p &+= 1
                    }
                }
                if nrb < nr {
                    for p in 0..<kc {
                        for j in nrb..<nr { panel[p &* nr &+ j] = 0 }
                    }
                }
            }
            jr += nr
        }
    }
}
