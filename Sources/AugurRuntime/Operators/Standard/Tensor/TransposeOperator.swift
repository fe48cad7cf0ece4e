/// Transpose: permutes the axes of its input (`perm`, default: reversed).
struct TransposeOperator: Operator {
    /// nil means reverse the axes of whatever rank arrives.
    let perm: [Int]?

    init(node: NodeInfo) throws {
        perm = try node.attributes.intsIfPresent("perm")
        if let perm, perm.sorted() != Array(0..<perm.count) {
            throw node.attributes.invalid("perm", "\(perm) is not a permutation of 0..<\(perm.count)")
        }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try TensorKernels.tensor(inputs, 0, "Transpose", "data")
        let perm = self.perm ?? Array((0..<x.rank).reversed())
        guard perm.count == x.rank else {
            throw RuntimeError.invalidInput(
                "Transpose: perm \(perm) has \(perm.count) entries but the input has rank \(x.rank) (shape \(x.shape))"
            )
        }
        return [.tensor(try Self.transpose(x, perm: perm))]
    }

    /// `x` with its axes permuted: output axis `i` is input axis `perm[i]`.
    static func transpose(_ x: Tensor, perm: [Int]) throws -> Tensor {
        let outputShape = perm.map { x.shape[$0] }
        let plan = TransposePlan(shape: x.shape, perm: perm)
        if plan.isIdentity || x.count <= 1 {
            return Tensor(uncheckedShape: outputShape, storage: x.storage)
        }
        return try TensorKernels.dispatch(x.dataType, Kernel(input: x, plan: plan, outputShape: outputShape))
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let input: Tensor
        let plan: TransposePlan
        let outputShape: [Int]

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            try input.withUnsafeBufferPointer(as: T.self) { src in
                Tensor.build(shape: outputShape, of: T.self) { out in
                    let dims = plan.shape
                    switch plan.kind {
                    case .swapLastTwo:
                        let batch = dims.count == 3 ? dims[0] : 1
                        let rows = dims[dims.count - 2]
                        let cols = dims[dims.count - 1]
                        for b in 0..<batch {
                            let offset = b * rows * cols
                            TransposePlan.blocked(
                                src.baseAddress! + offset,
                                rows: rows,
                                cols: cols,
                                into: out.baseAddress! + offset
                            )
                        }
                    case .general:
                        let strides = Shape.strides(dims)
                        TensorKernels.stridedCopy(
                            from: src,
                            base: 0,
                            dims: plan.perm.map { dims[$0] },
                            strides: plan.perm.map { strides[$0] },
                            into: out
                        )
                    }
                }
            }
        }
    }
}

/// A transpose reduced to its essentials: size-1 axes dropped and axes that stay neighbours merged,
/// so e.g. NCHW→NHWC becomes a batched 2-D transpose.
struct TransposePlan {
    enum Kind { case swapLastTwo, general }

    /// The collapsed input shape.
    let shape: [Int]
    /// The permutation over the collapsed axes.
    let perm: [Int]

    init(shape: [Int], perm: [Int]) {
        var groups: [[Int]] = []
        for axis in perm where shape[axis] != 1 {
            if let last = groups.last?.last, axis == last + 1 {
                groups[groups.count - 1].append(axis)
            } else {
                groups.append([axis])
            }
        }
        let inputOrder = groups.indices.sorted { groups[$0][0] < groups[$1][0] }
        self.shape = inputOrder.map { g in groups[g].reduce(1) { $0 * shape[$1] } }
        var position = [Int](repeating: 0, count: groups.count)
        for (j, g) in inputOrder.enumerated() { position[g] = j }
        self.perm = position
    }

    /// Whether the permutation leaves the element order unchanged (a pure reshape).
    var isIdentity: Bool { perm == Array(0..<perm.count) }

    var kind: Kind {
        if perm == [1, 0] || perm == [0, 2, 1] { return .swapLastTwo }
        return .general
    }

    /// Writes the transpose of a `rows × cols` row-major matrix tile by tile. Small tiles filled
    /// along output rows measured fastest here: power-of-two row lengths make larger tiles thrash
    /// the cache sets.
    static func blocked<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>) {
        let tile = 8
        var r0 = 0
        while r0 < rows {
            let r1 = min(r0 + tile, rows)
            var c0 = 0
            while c0 < cols {
                let c1 = min(c0 + tile, cols)
                for c in c0..<c1 {
                    let column = dst + c * rows
                    for r in r0..<r1 { column[r] = src[r * cols + c] }
                }
                c0 = c1
            }
            r0 = r1
        }
    }
}
