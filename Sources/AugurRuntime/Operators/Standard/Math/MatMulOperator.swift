/// MatMul with numpy semantics: 1-D operands are promoted (and the added dimension dropped again),
/// leading batch dimensions broadcast. A batch of A against one shared B is a single GEMM over all rows.
struct MatMulOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let a = try MathOperatorInputs.tensor(inputs, 0, "MatMul")
        let b = try MathOperatorInputs.tensor(inputs, 1, "MatMul")
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)): return [.tensor(try Self.multiply(x, a.shape, y, b.shape))]
        case (.double(let x), .double(let y)): return [.tensor(try Self.multiply(x, a.shape, y, b.shape))]
        default:
            if a.dataType != b.dataType {
                throw RuntimeError.invalidInput("MatMul needs inputs of one element type, got \(a.dataType) and \(b.dataType)")
            }
            throw RuntimeError.unsupportedDataType(a.dataType, operation: "MatMul")
        }
    }

    static func multiply<T: TensorElement & BinaryFloatingPoint>(
        _ x: [T], _ shapeA: [Int], _ y: [T], _ shapeB: [Int]
    ) throws -> Tensor {
        guard !shapeA.isEmpty, !shapeB.isEmpty else {
            throw RuntimeError.invalidInput("MatMul needs inputs of rank ≥ 1, got shapes \(shapeA) and \(shapeB)")
        }
        let sa = shapeA.count == 1 ? [1, shapeA[0]] : shapeA
        let sb = shapeB.count == 1 ? [shapeB[0], 1] : shapeB
        let m = sa[sa.count - 2]
        let k = sa[sa.count - 1]
        let n = sb[sb.count - 1]
        guard sb[sb.count - 2] == k else {
            throw RuntimeError.invalidInput("MatMul: shapes \(shapeA) and \(shapeB) do not align (\(k) vs \(sb[sb.count - 2]))")
        }
        let batchA = Array(sa.dropLast(2))
        let batchB = Array(sb.dropLast(2))
        let batch = try Broadcast.shape(batchA, batchB)
        var outShape = batch
        if shapeA.count > 1 { outShape.append(m) }
        if shapeB.count > 1 { outShape.append(n) }
        let batchCount = Shape.elementCount(batch)
        let x = x.isEmpty ? [0] : x
        let y = y.isEmpty ? [0] : y
        return Tensor.build(shape: outShape, of: T.self) { out in
            guard let c = out.baseAddress, !out.isEmpty else { return }
            x.withUnsafeBufferPointer { pa in
                y.withUnsafeBufferPointer { pb in
                    let bView = MatrixView(pb.baseAddress!, rowStride: n, colStride: 1)
                    if Shape.elementCount(batchB) == 1 {
                        // B is shared: stack every batch of A into one tall product.
                        let rows = Shape.elementCount(batchA) * m
                        let aView = MatrixView(pa.baseAddress!, rowStride: k, colStride: 1)
                        MatrixMultiply.multiply(m: rows, n: n, k: k, a: aView, b: bView, alpha: 1, bias: nil, into: c, ldc: n)
                        return
                    }
                    let stridesA = Broadcast.strides(input: batchA, output: batch)
                    let stridesB = Broadcast.strides(input: batchB, output: batch)
                    var index = [Int](repeating: 0, count: batch.count)
                    for t in 0..<batchCount {
                        var offA = 0
                        var offB = 0
                        for d in 0..<batch.count {
                            offA += index[d] * stridesA[d]
                            offB += index[d] * stridesB[d]
                        }
                        let aView = MatrixView(pa.baseAddress! + offA * m * k, rowStride: k, colStride: 1)
                        let bBatch = MatrixView(pb.baseAddress! + offB * k * n, rowStride: n, colStride: 1)
                        MatrixMultiply.multiply(
                            m: m, n: n, k: k, a: aView, b: bBatch, alpha: 1, bias: nil, into: c + t * m * n, ldc: n)
                        var d = batch.count - 1
                        while d >= 0 {
                            index[d] += 1
                            if index[d] < batch[d] { break }
                            index[d] = 0
                            d -= 1
                        }
                    }
                }
            }
        }
    }
}
