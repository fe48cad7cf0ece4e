/// ai.onnx.ml ArrayFeatureExtractor: gathers the given indices along the last axis; a 1-D input gives
/// a `[1, k]` output, as onnxruntime does.
struct ArrayFeatureExtractorOperator: Operator {
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard inputs.count == 2, let xValue = inputs[0], let yValue = inputs[1] else {
            throw RuntimeError.invalidInput("ArrayFeatureExtractor needs the data X and the indices Y")
        }
        let x = try xValue.asTensor()
        let indices = try yValue.asTensor().integerValues()
        guard x.rank >= 1 else { throw RuntimeError.invalidInput("ArrayFeatureExtractor needs X of rank 1 or more") }
        guard !indices.isEmpty else { throw RuntimeError.invalidInput("ArrayFeatureExtractor needs at least one index") }
        let stride = x.shape[x.rank - 1]
        if let bad = indices.first(where: { $0 < 0 || $0 >= stride }) {
            throw RuntimeError.invalidInput("ArrayFeatureExtractor index \(bad) is out of range for a last axis of \(stride)")
        }
        var shape = x.shape
        shape[shape.count - 1] = indices.count
        if x.rank == 1 { shape = [1, indices.count] }
        let outer = stride == 0 ? 0 : x.count / stride
        func gather<T: TensorElement>(_ a: [T]) -> Tensor {
            var out: [T] = []
            out.reserveCapacity(outer * indices.count)
            for r in 0..<outer {
                for j in indices { out.append(a[r * stride + j]) }
            }
            return Tensor(uncheckedShape: shape, storage: T.storage(out))
        }
        switch x.storage {
        case .float(let a): return [.tensor(gather(a))]
        case .double(let a): return [.tensor(gather(a))]
        case .int64(let a): return [.tensor(gather(a))]
        case .int32(let a): return [.tensor(gather(a))]
        case .string(let a): return [.tensor(gather(a))]
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "ArrayFeatureExtractor")
        }
    }
}
