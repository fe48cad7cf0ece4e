/// Gemm: `Y = alpha * A' * B' + beta * C`, with A' / B' optionally transposed and C broadcast to
/// [M, N] (optional from opset 11). C is folded into the kernel's store, so Y is written in one pass.
struct GemmOperator: Operator {
    let alpha: Float
    let beta: Float
    let transA: Bool
    let transB: Bool

    init(node: NodeInfo) throws {
        alpha = try node.attributes.float("alpha", default: 1)
        beta = try node.attributes.float("beta", default: 1)
        transA = try node.attributes.int("transA", default: 0) != 0
        transB = try node.attributes.int("transB", default: 0) != 0
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let a = try MathOperatorInputs.tensor(inputs, 0, "Gemm")
        let b = try MathOperatorInputs.tensor(inputs, 1, "Gemm")
        let c = try MathOperatorInputs.optionalTensor(inputs, 2)
        guard a.rank == 2, b.rank == 2 else {
            throw RuntimeError.invalidInput("Gemm needs 2-D A and B, got shapes \(a.shape) and \(b.shape)")
        }
        let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else {
            throw RuntimeError.invalidInput(
                "Gemm: A' is \(m)x\(k) but B' is \(kb)x\(n) (shapes \(a.shape), \(b.shape), transA \(transA), transB \(transB))")
        }
        if let c, !(c.rank <= 2 && Broadcast.canBroadcast(c.shape, to: [m, n])) {
            throw RuntimeError.invalidInput("Gemm: C of shape \(c.shape) does not broadcast to [\(m), \(n)]")
        }
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)):
            return [.tensor(try compute(x, y, c.map { try $0.elements(Float.self) }, c?.shape, m: m, n: n, k: k))]
        case (.double(let x), .double(let y)):
            return [.tensor(try compute(x, y, c.map { try $0.elements(Double.self) }, c?.shape, m: m, n: n, k: k))]
        default:
            throw RuntimeError.unsupportedDataType(a.dataType, operation: "Gemm")
        }
    }

    func compute<T: TensorElement & BinaryFloatingPoint>(
        _ x: [T], _ y: [T], _ bias: [T]?, _ biasShape: [Int]?, m: Int, n: Int, k: Int
    ) throws -> Tensor {
        // Empty operands (K = 0) still need valid base pointers; the kernels never read them then.
        let x = x.isEmpty ? [0] : x
        let y = y.isEmpty ? [0] : y
        return Tensor.build(shape: [m, n], of: T.self) { out in
            if out.isEmpty { return }
            x.withUnsafeBufferPointer { pa in
                y.withUnsafeBufferPointer { pb in
                    let av = MatrixView(rowMajor: pa.baseAddress!, rows: transA ? k : m, cols: transA ? m : k, transposed: transA)
                    let bv = MatrixView(rowMajor: pb.baseAddress!, rows: transB ? n : k, cols: transB ? k : n, transposed: transB)
                    guard let bias, let biasShape, beta != 0, !bias.isEmpty else {
                        MatrixMultiply.multiply(
                            m: m, n: n, k: k, a: av, b: bv, alpha: T(alpha), bias: nil, into: out.baseAddress!, ldc: n)
                        return
                    }
                    bias.withUnsafeBufferPointer { pc in
                        let (rowStride, colStride) = Self.biasStrides(biasShape)
                        let view = GemmBias(pc.baseAddress!, rowStride: rowStride, colStride: colStride, beta: T(beta))
                        MatrixMultiply.multiply(
                            m: m, n: n, k: k, a: av, b: bv, alpha: T(alpha), bias: view, into: out.baseAddress!, ldc: n)
                    }
                }
            }
        }
    }

    /// Strides reading a C of rank ≤ 2 as if it were [M, N] (0 where C broadcasts).
    static func biasStrides(_ shape: [Int]) -> (Int, Int) {
        switch shape.count {
        case 0: return (0, 0)
        case 1: return (0, shape[0] == 1 ? 0 : 1)
        default: return (shape[0] == 1 ? 0 : shape[1], shape[1] == 1 ? 0 : 1)
        }
    }
}
