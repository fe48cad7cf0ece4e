/// Numpy-style multidirectional broadcasting: shape computation and fast elementwise loops.
///
/// Loops collapse the output into as few dimensions as possible, then walk the innermost run with
/// constant strides, so equal shapes, scalars and row/column vectors all reduce to one tight loop.
public enum Broadcast {
    /// The broadcast shape of two shapes; throws naming both when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw RuntimeError.invalidInput("shapes \(a) and \(b) cannot be broadcast together")
            }
        }
        return result
    }

    /// The broadcast shape of any number of shapes.
    public static func shape(of shapes: [[Int]]) throws -> [Int] {
        guard var result = shapes.first else { return [] }
        for s in shapes.dropFirst() { result = try shape(result, s) }
        return result
    }

    /// Whether `input` can be broadcast to exactly `output` (unidirectional, as Expand/Gemm's C need).
    public static func canBroadcast(_ input: [Int], to output: [Int]) -> Bool {
        guard input.count <= output.count else { return false }
        let offset = output.count - input.count
        for (i, d) in input.enumerated() where d != 1 && d != output[offset + i] { return false }
        return true
    }

    /// Element strides for reading `input` while iterating `output` in row-major order (0 on broadcast dims).
    public static func strides(input: [Int], output: [Int]) -> [Int] {
        let contiguous = Shape.strides(input)
        let offset = output.count - input.count
        var result = [Int](repeating: 0, count: output.count)
        for i in 0..<output.count where i >= offset {
            let d = input[i - offset]
            result[i] = d == 1 ? 0 : contiguous[i - offset]
        }
        return result
    }

    /// `out[i] = op(a[ia], b[ib])` over the broadcast of the two shapes into `outputShape`.
    @inlinable
    public static func apply<A, B, R>(
        _ a: UnsafeBufferPointer<A>,
        shape shapeA: [Int],
        _ b: UnsafeBufferPointer<B>,
        shape shapeB: [Int],
        outputShape: [Int],
        into out: UnsafeMutableBufferPointer<R>,
        _ op: (A, B) -> R
    ) {
        let total = out.count
        if total == 0 { return }
        if a.count == total && b.count == total {
            for i in 0..<total { out[i] = op(a[i], b[i]) }
            return
        }
        if b.count == 1 {
            let y = b[0]
            if a.count == total {
                for i in 0..<total { out[i] = op(a[i], y) }
                return
            }
        }
        if a.count == 1 {
            let x = a[0]
            if b.count == total {
                for i in 0..<total { out[i] = op(x, b[i]) }
                return
            }
        }
        let layout = BroadcastLayout(output: outputShape, inputs: [shapeA, shapeB])
        let dims = layout.dims
        let sa = layout.strides[0]
        let sb = layout.strides[1]
        let rank = dims.count
        let n = dims[rank - 1]
        let ia = sa[rank - 1]
        let ib = sb[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offA = 0
        var offB = 0
        var o = 0
        while o < total {
            if ia == 1 && ib == 1 {
                for i in 0..<n { out[o + i] = op(a[offA + i], b[offB + i]) }
            } else if ia == 1 && ib == 0 {
                let y = b[offB]
                for i in 0..<n { out[o + i] = op(a[offA + i], y) }
            } else if ia == 0 && ib == 1 {
                let x = a[offA]
                for i in 0..<n { out[o + i] = op(x, b[offB + i]) }
            } else {
                for i in 0..<n { out[o + i] = op(a[offA + i * ia], b[offB + i * ib]) }
            }
            o += n
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offA += sa[d]
                offB += sb[d]
                if index[d] < dims[d] { break }
                offA -= sa[d] * dims[d]
                offB -= sb[d] * dims[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// `out[i] = op(a[ia], b[ib], c[ic])` over the broadcast of three shapes (e.g. Where, Clip).
    @inlinable
    public static func apply<A, B, C, R>(
        _ a: UnsafeBufferPointer<A>,
        shape shapeA: [Int],
        _ b: UnsafeBufferPointer<B>,
        shape shapeB: [Int],
        _ c: UnsafeBufferPointer<C>,
        shape shapeC: [Int],
        outputShape: [Int],
        into out: UnsafeMutableBufferPointer<R>,
        _ op: (A, B, C) -> R
    ) {
        let total = out.count
        if total == 0 { return }
        if a.count == total && b.count == total && c.count == total {
            for i in 0..<total { out[i] = op(a[i], b[i], c[i]) }
            return
        }
        let layout = BroadcastLayout(output: outputShape, inputs: [shapeA, shapeB, shapeC])
        let dims = layout.dims
        let sa = layout.strides[0]
        let sb = layout.strides[1]
        let sc = layout.strides[2]
        let rank = dims.count
        let n = dims[rank - 1]
        let ia = sa[rank - 1]
        let ib = sb[rank - 1]
        let ic = sc[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        var offA = 0
        var offB = 0
        var offC = 0
        var o = 0
        while o < total {
            for i in 0..<n { out[o + i] = op(a[offA + i * ia], b[offB + i * ib], c[offC + i * ic]) }
            o += n
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                offA += sa[d]
                offB += sb[d]
                offC += sc[d]
                if index[d] < dims[d] { break }
                offA -= sa[d] * dims[d]
                offB -= sb[d] * dims[d]
                offC -= sc[d] * dims[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// Broadcasts two tensors of element types `A`, `B` through `op` into a new tensor of `R`.
    @inlinable
    public static func binary<A: TensorElement, B: TensorElement, R: TensorElement>(
        _ a: Tensor,
        _ b: Tensor,
        _ op: (A, B) -> R
    ) throws -> Tensor {
        let outputShape = try shape(a.shape, b.shape)
        let xs: [A] = try a.elements()
        let ys: [B] = try b.elements()
        return Tensor.build(shape: outputShape, of: R.self) { out in
            xs.withUnsafeBufferPointer { pa in
                ys.withUnsafeBufferPointer { pb in
                    apply(pa, shape: a.shape, pb, shape: b.shape, outputShape: outputShape, into: out, op)
                }
            }
        }
    }

    /// Broadcasts three tensors through `op` into a new tensor of `R`.
    @inlinable
    public static func ternary<A: TensorElement, B: TensorElement, C: TensorElement, R: TensorElement>(
        _ a: Tensor,
        _ b: Tensor,
        _ c: Tensor,
        _ op: (A, B, C) -> R
    ) throws -> Tensor {
        let outputShape = try shape(of: [a.shape, b.shape, c.shape])
        let xs: [A] = try a.elements()
        let ys: [B] = try b.elements()
        let zs: [C] = try c.elements()
        return Tensor.build(shape: outputShape, of: R.self) { out in
            xs.withUnsafeBufferPointer { pa in
                ys.withUnsafeBufferPointer { pb in
                    zs.withUnsafeBufferPointer { pc in
                        apply(
                            pa,
                            shape: a.shape,
                            pb,
                            shape: b.shape,
                            pc,
                            shape: c.shape,
                            outputShape: outputShape,
                            into: out,
                            op
                        )
                    }
                }
            }
        }
    }
}

/// The output iteration space with size-1 dimensions dropped and mergeable neighbours merged.
@usableFromInline
struct BroadcastLayout {
    @usableFromInline var dims: [Int]
    @usableFromInline var strides: [[Int]]

    @usableFromInline
    init(output: [Int], inputs: [[Int]]) {
        let full = inputs.map { Broadcast.strides(input: $0, output: output) }
        var dims: [Int] = []
        var strides: [[Int]] = Array(repeating: [], count: inputs.count)
        for d in 0..<output.count where output[d] != 1 {
            if let last = dims.last,
                (0..<inputs.count).allSatisfy({ strides[$0].last! == full[$0][d] * output[d] })
            {
                dims[dims.count - 1] = last * output[d]
                for k in 0..<inputs.count { strides[k][strides[k].count - 1] = full[k][d] }
            } else {
                dims.append(output[d])
                for k in 0..<inputs.count { strides[k].append(full[k][d]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            strides = Array(repeating: [0], count: inputs.count)
        }
        self.dims = dims
        self.strides = strides
    }
}
