/// The register tile's row vector: 16 lanes when the build targets AVX2/FMA (`-D AUGUR_FMA`), else
/// 8 lanes, so the six row accumulators fit the 16 vector registers of either SSE or AVX2.
#if AUGUR_FMA
typealias GemmVector = SIMD16<Float>
#else
typealias GemmVector = SIMD8<Float>
#endif

/// The 6 x `GemmVector.scalarCount` register tile: one accumulator per row.
struct FloatTile {
    var c0 = GemmVector(), c1 = GemmVector(), c2 = GemmVector()
    var c3 = GemmVector(), c4 = GemmVector(), c5 = GemmVector()

    @inline(__always)
    func row(_ r: Int) -> GemmVector {
        switch r {
        case 0: c0
        case 1: c1
        case 2: c2
        case 3: c3
        case 4: c4
        default: c5
        }
    }
}

/// `acc + x * y`, fused when the build enables FMA (`-D AUGUR_FMA` with a matching `-march`);
/// without hardware FMA, `addingProduct` would become a libm call per lane.
@inline(__always)
func multiplyAdd<V: SIMD>(_ acc: V, _ x: V, _ y: V) -> V where V.Scalar: FloatingPoint {
    #if AUGUR_FMA
    return acc.addingProduct(x, y)
    #else
    return acc + x * y
    #endif
}

/// The innermost GEMM loop over packed panels, and the store that applies alpha, bias or accumulation.
enum FloatMicroKernel {
    /// Sums `kc` rank-1 updates of a packed 6-row A panel and a packed `nr`-column B panel.
    @inline(__always)
    static func compute(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>) -> FloatTile {
        var t = FloatTile()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let bv = pb.loadUnaligned(as: GemmVector.self)
            #if AUGUR_FMA
            t.c0 = multiplyAdd(t.c0, GemmVector(repeating: pa[0]), bv)
            t.c1 = multiplyAdd(t.c1, GemmVector(repeating: pa[1]), bv)
            t.c2 = multiplyAdd(t.c2, GemmVector(repeating: pa[2]), bv)
            t.c3 = multiplyAdd(t.c3, GemmVector(repeating: pa[3]), bv)
            t.c4 = multiplyAdd(t.c4, GemmVector(repeating: pa[4]), bv)
            t.c5 = multiplyAdd(t.c5, GemmVector(repeating: pa[5]), bv)
            #else
            t.c0 = multiplyAdd(t.c0, broadcast(pa, 0), bv)
            t.c1 = multiplyAdd(t.c1, broadcast(pa, 1), bv)
            t.c2 = multiplyAdd(t.c2, broadcast(pa, 2), bv)
            t.c3 = multiplyAdd(t.c3, broadcast(pa, 3), bv)
            t.c4 = multiplyAdd(t.c4, broadcast(pa, 4), bv)
            t.c5 = multiplyAdd(t.c5, broadcast(pa, 5), bv)
            #endif
            pa += 6 * FloatGemm.aCopies
            pb += MemoryLayout<GemmVector>.size
            p &+= 1
        }
        return t
    }

    #if !AUGUR_FMA
    /// Row `r`'s A value from a pre-broadcast panel: one 4-lane load, duplicated into both halves.
    @inline(__always)
    static func broadcast(_ pa: UnsafePointer<Float>, _ r: Int) -> GemmVector {
        let quad = UnsafeRawPointer(pa).loadUnaligned(fromByteOffset: r &* 16, as: SIMD4<Float>.self)
        return GemmVector(lowHalf: quad, highHalf: quad)
    }
    #endif

    /// Writes the valid `rows x cols` corner of `tile` at (`row0`, `col0`): `alpha * tile`, plus the
    /// existing output when `accumulate` (later K blocks), else plus `beta * bias` when there is one.
    @inline(__always)
    static func store(
        _ tile: FloatTile, rows: Int, cols: Int, row0: Int, col0: Int, alpha: Float, accumulate: Bool,
        bias: GemmBias<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let scale = GemmVector(repeating: alpha)
        if cols == FloatGemm.nr {
            for r in 0..<rows {
                var v = tile.row(r) * scale
                let out = UnsafeMutableRawPointer(c + (row0 + r) * ldc + col0)
                if accumulate {
                    v += out.loadUnaligned(as: GemmVector.self)
                } else if let bias {
                    let rowBase = bias.base + (row0 + r) * bias.rowStride
                    if bias.colStride == 0 {
                        v += GemmVector(repeating: bias.beta * rowBase[0])
                    } else if bias.colStride == 1 {
                        v += UnsafeRawPointer(rowBase + col0).loadUnaligned(as: GemmVector.self)
                            * GemmVector(repeating: bias.beta)
                    } else {
                        for j in 0..<FloatGemm.nr { v[j] += bias.beta * rowBase[(col0 + j) * bias.colStride] }
                    }
                }
                out.storeBytes(of: v, as: GemmVector.self)
            }
            return
        }
        for r in 0..<rows {
            let v = tile.row(r)
            let out = c + (row0 + r) * ldc + col0
            for j in 0..<cols {
                var x = alpha * v[j]
                if accumulate {
                    x += out[j]
                } else if let bias {
                    x += bias.beta * bias[row0 + r, col0 + j]
                }
                out[j] = x
            }
        }
    }
}
