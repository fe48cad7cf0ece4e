/// Lays out the receptive fields of one image as GEMM columns: row `(c, kernel offset)`, column
/// `output position`, with zeros where the window falls on padding.
enum Im2Col {
    /// Fills `cols` (`channels * kernelCount` rows of `outputCount`) from `image` (`channels` planes).
    static func fill<T: BinaryFloatingPoint>(
        _ image: UnsafePointer<T>, channels: Int, geometry g: WindowGeometry, into cols: UnsafeMutablePointer<T>
    ) {
        let rank = g.input.count
        let outInner = g.output[rank - 1]
        let inInner = g.input[rank - 1]
        let strideInner = g.strides[rank - 1]
        let outOuterCount = g.outputCount / max(outInner, 1)
        let plane = g.inputCount
        let inStrides = Shape.strides(g.input)
        var row = cols
        var kIndex = [Int](repeating: 0, count: rank)
        var oIndex = [Int](repeating: 0, count: rank)
        for c in 0..<channels {
            let channelBase = image + c * plane
            for _ in 0..<g.kernelCount {
                // One kernel offset: walk the output positions, the innermost dimension as a strided run.
                for d in 0..<rank { oIndex[d] = 0 }
                var dst = row
                for _ in 0..<outOuterCount {
                    var offset = 0
                    var inside = true
                    for d in 0..<(rank - 1) {
                        let pos = oIndex[d] * g.strides[d] - g.padsBegin[d] + kIndex[d] * g.dilations[d]
                        if pos < 0 || pos >= g.input[d] {
                            inside = false
                            break
                        }
                        offset += pos * inStrides[d]
                    }
                    if inside {
                        // Output positions [lo, hi) read inside the row; the rest fall on padding.
                        let start = -g.padsBegin[rank - 1] + kIndex[rank - 1] * g.dilations[rank - 1]
                        let lo = start >= 0 ? 0 : min(outInner, (-start + strideInner - 1) / strideInner)
                        let hi = start < inInner ? max(lo, min(outInner, (inInner - start + strideInner - 1) / strideInner)) : lo
                        let src = channelBase + offset + start
                        for o in 0..<lo { dst[o] = 0 }
                        if strideInner == 1 {
                            // Rows are short: a plain loop beats a memmove call.
                            for o in lo..<hi { dst[o] = src[o] }
                        } else {
                            for o in lo..<hi { dst[o] = src[o &* strideInner] }
                        }
                        for o in hi..<outInner { dst[o] = 0 }
                    } else {
                        for o in 0..<outInner { dst[o] = 0 }
                    }
                    dst += outInner
                    var d = rank - 2
                    while d >= 0 {
                        oIndex[d] += 1
                        if oIndex[d] < g.output[d] { break }
                        oIndex[d] = 0
                        d -= 1
                    }
                }
                row += g.outputCount
                var d = rank - 1
                while d >= 0 {
                    kIndex[d] += 1
                    if kIndex[d] < g.kernel[d] { break }
                    kIndex[d] = 0
                    d -= 1
                }
            }
        }
    }
}
