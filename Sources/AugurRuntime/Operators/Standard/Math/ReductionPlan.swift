/// A reduction over a set of axes, with runs of kept and reduced dimensions merged so the innermost
/// loop walks contiguous memory.
struct ReductionPlan: Sendable {
    /// Output shape (reduced axes kept as 1 or dropped).
    let outputShape: [Int]
    /// Merged input dimensions and, per dimension, whether it is reduced.
    let dims: [Int]
    let reduced: [Bool]
    /// The number of input elements folded into each output element.
    let reducedCount: Int

    init(shape: [Int], axes: Set<Int>, keepDims: Bool) {
        var out: [Int] = []
        var count = 1
        var dims: [Int] = []
        var reduced: [Bool] = []
        for (d, size) in shape.enumerated() {
            let r = axes.contains(d)
            if r {
                count *= size
                if keepDims { out.append(1) }
            } else {
                out.append(size)
            }
            if size == 1 { continue }
            if let last = reduced.last, last == r {
                dims[dims.count - 1] *= size
            } else {
                dims.append(size)
                reduced.append(r)
            }
        }
        outputShape = out
        self.dims = dims
        self.reduced = reduced
        reducedCount = count
    }

    /// Folds the input into the output with `combine`, starting every output element at `initial`.
    /// `finish`, when given, maps each output element once at the end (ReduceMean's division).
    func run<T: TensorElement>(
        _ a: [T], initial: T, _ combine: (T, T) -> T, finish: ((T) -> T)? = nil
    ) -> Tensor {
        Tensor.build(shape: outputShape, of: T.self) { out in
            for i in 0..<out.count { out[i] = initial }
            defer {
                if let finish { for i in 0..<out.count { out[i] = finish(out[i]) } }
            }
            if a.isEmpty { return }
            if dims.isEmpty {
                // Every dimension is 1: a single element.
                out[0] = combine(initial, a[0])
                return
            }
            a.withUnsafeBufferPointer { src in
                let rank = dims.count
                var outStrides = [Int](repeating: 0, count: rank)
                var running = 1
                for d in stride(from: rank - 1, through: 0, by: -1) where !reduced[d] {
                    outStrides[d] = running
                    running *= dims[d]
                }
                let n = dims[rank - 1]
                let innerReduced = reduced[rank - 1]
                var index = [Int](repeating: 0, count: rank)
                var inOffset = 0
                var outOffset = 0
                let total = src.count
                while inOffset < total {
                    if innerReduced {
                        var acc = out[outOffset]
                        for j in 0..<n { acc = combine(acc, src[inOffset + j]) }
                        out[outOffset] = acc
                    } else {
                        for j in 0..<n { out[outOffset + j] = combine(out[outOffset + j], src[inOffset + j]) }
                    }
                    inOffset += n
                    var d = rank - 2
                    while d >= 0 {
                        index[d] += 1
                        outOffset += outStrides[d]
                        if index[d] < dims[d] { break }
                        outOffset -= outStrides[d] * dims[d]
                        index[d] = 0
                        d -= 1
                    }
                    if d < 0 { break }
                }
            }
        }
    }
}
