/// Every pooling window of one plane as the list of in-bounds input offsets it reads, built once per
/// run and reused for all N x C planes (padding is never materialised).
struct PoolingWindows {
    let geometry: WindowGeometry
    /// Row-major offsets within a plane, window after window.
    let offsets: [Int]
    /// Window `w` reads `offsets[starts[w] ..< starts[w + 1]]`.
    let starts: [Int]

    init(_ g: WindowGeometry) {
        geometry = g
        let rank = g.input.count
        // Per dimension and output index: the in-bounds input positions.
        var taps: [[[Int]]] = []
        for d in 0..<rank {
            var dimTaps: [[Int]] = []
            for o in 0..<g.output[d] {
                var list: [Int] = []
                for k in 0..<g.kernel[d] {
                    let pos = o * g.strides[d] - g.padsBegin[d] + k * g.dilations[d]
                    if pos >= 0 && pos < g.input[d] { list.append(pos) }
                }
                dimTaps.append(list)
            }
            taps.append(dimTaps)
        }
        let inStrides = Shape.strides(g.input)
        var offsets: [Int] = []
        offsets.reserveCapacity(g.outputCount * g.kernelCount)
        var starts: [Int] = [0]
        starts.reserveCapacity(g.outputCount + 1)
        var oIndex = [Int](repeating: 0, count: rank)
        var tap = [Int](repeating: 0, count: rank)
        for _ in 0..<g.outputCount {
            var empty = false
            for d in 0..<rank {
                if taps[d][oIndex[d]].isEmpty { empty = true }
                tap[d] = 0
            }
            if !empty {
                enumerate: while true {
                    var offset = 0
                    for d in 0..<rank { offset += taps[d][oIndex[d]][tap[d]] * inStrides[d] }
                    offsets.append(offset)
                    var d = rank - 1
                    while d >= 0 {
                        tap[d] += 1
                        if tap[d] < taps[d][oIndex[d]].count { continue enumerate }
                        tap[d] = 0
                        d -= 1
                    }
                    break
                }
            }
            starts.append(offsets.count)
            var d = rank - 1
            while d >= 0 {
                oIndex[d] += 1
                if oIndex[d] < g.output[d] { break }
                oIndex[d] = 0
                d -= 1
            }
        }
        self.offsets = offsets
        self.starts = starts
    }

    /// The column-major position (first spatial dimension fastest) of a row-major plane offset, for
    /// MaxPool's `storage_order = 1` indices.
    func columnMajor(_ offset: Int) -> Int {
        let dims = geometry.input
        var rest = offset
        var result = 0
        var colStride = 1
        var coords = [Int](repeating: 0, count: dims.count)
        for d in stride(from: dims.count - 1, through: 0, by: -1) {
            coords[d] = rest % dims[d]
            rest /= dims[d]
        }
        for d in 0..<dims.count {
            result += coords[d] * colStride
            colStride *= dims[d]
        }
        return result
    }
}
