/// Broadcasting loops for the binary math kernels, with unchecked index arithmetic so the common
/// layouts (equal shapes, a scalar operand, a trailing-dimensions operand such as a bias row) vectorise;
/// anything else goes through the general `Broadcast.apply`.
enum ElementwiseLoops {
    @inline(__always)
    static func apply<A, B, R>(
        _ a: UnsafeBufferPointer<A>, shape shapeA: [Int], _ b: UnsafeBufferPointer<B>, shape shapeB: [Int],
        outputShape: [Int], into out: UnsafeMutableBufferPointer<R>, _ op: (A, B) -> R
    ) {
        let total = out.count
        guard total > 0, let pa = a.baseAddress, let pb = b.baseAddress, let po = out.baseAddress else { return }
        if a.count == total && b.count == total {
            var i = 0
            while i < total {
                po[i] = op(pa[i], pb[i])
                i &+= 1
            }
            return
        }
        if b.count == 1 && a.count == total {
            let y = pb[0]
            var i = 0
            while i < total {
                po[i] = op(pa[i], y)
                i &+= 1
            }
            return
        }
        if a.count == 1 && b.count == total {
            let x = pa[0]
            var i = 0
            while i < total {
                po[i] = op(x, pb[i])
                i &+= 1
            }
            return
        }
        if a.count == total && isTrailing(shapeB, of: outputShape) {
            // B repeats along the leading dimensions: one contiguous row of B per row of A.
            let n = b.count
            var row = 0
            while row < total {
                let x = pa + row
                let o = po + row
                var j = 0
                while j < n {
                    o[j] = op(x[j], pb[j])
                    j &+= 1
                }
                row &+= n
            }
            return
        }
        if b.count == total && isTrailing(shapeA, of: outputShape) {
            let n = a.count
            var row = 0
            while row < total {
                let y = pb + row
                let o = po + row
                var j = 0
                while j < n {
                    o[j] = op(pa[j], y[j])
                    j &+= 1
                }
                row &+= n
            }
            return
        }
        Broadcast.apply(a, shape: shapeA, b, shape: shapeB, outputShape: outputShape, into: out, op)
    }

    /// Whether `shape` (ignoring leading 1s) equals the trailing dimensions of `output`.
    @inline(__always)
    static func isTrailing(_ shape: [Int], of output: [Int]) -> Bool {
        var s = shape[...]
        while let first = s.first, first == 1, s.count > 0 { s = s.dropFirst() }
        guard s.count <= output.count, !s.isEmpty else { return false }
        return output.suffix(s.count).elementsEqual(s)
    }
}
