/// Where: `condition ? x : y` elementwise, all three broadcast together (numpy rules); any element type.
struct WhereOperator: Operator {
    init(node: NodeInfo) throws {}

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let condition = try TensorKernels.tensor(inputs, 0, "Where", "condition")
        let x = try TensorKernels.tensor(inputs, 1, "Where", "X")
        let y = try TensorKernels.tensor(inputs, 2, "Where", "Y")
        return [.tensor(try Self.select(condition, x, y))]
    }

    /// Elements of `x` where `condition` holds, else of `y`.
    static func select(_ condition: Tensor, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        guard condition.dataType == .bool else {
            throw RuntimeError.invalidInput("Where: condition must be bool, got \(condition.dataType)")
        }
        guard x.dataType == y.dataType else {
            throw RuntimeError.invalidInput("Where: X is \(x.dataType) but Y is \(y.dataType); they need one type")
        }
        do {
            _ = try Broadcast.shape(of: [condition.shape, x.shape, y.shape])
        } catch {
            throw RuntimeError.invalidInput(
                "Where: shapes \(condition.shape), \(x.shape) and \(y.shape) cannot be broadcast together"
            )
        }
        return try TensorKernels.dispatch(x.dataType, Kernel(condition: condition, x: x, y: y))
    }

    /// The loop for operands that are each full-size or a single element; the common layouts get
    /// their own loops so the compiler sees unit strides.
    static func select<T>(
        _ c: UnsafeBufferPointer<Bool>,
        _ x: UnsafeBufferPointer<T>,
        _ y: UnsafeBufferPointer<T>,
        count n: Int,
        into out: UnsafeMutableBufferPointer<T>
    ) {
        guard n > 0, let pc = c.baseAddress, let px = x.baseAddress, let py = y.baseAddress,
            let po = out.baseAddress
        else { return }
        switch (c.count == n, x.count == n, y.count == n) {
        case (true, true, true):
            for i in 0..<n { po[i] = pc[i] ? px[i] : py[i] }
        case (true, true, false):
            let b = py[0]
            for i in 0..<n { po[i] = pc[i] ? px[i] : b }
        case (true, false, true):
            let a = px[0]
            for i in 0..<n { po[i] = pc[i] ? a : py[i] }
        case (true, false, false):
            let a = px[0]
            let b = py[0]
            for i in 0..<n { po[i] = pc[i] ? a : b }
        case (false, _, _):
            let source = pc[0] ? x : y
            if source.count == n {
                (po).update(from: source.baseAddress!, count: n)
            } else {
                po.update(repeating: source[0], count: n)
            }
        }
    }

    private struct Kernel: TensorKernels.ElementVisitor {
        let condition: Tensor
        let x: Tensor
        let y: Tensor

        func visit<T: TensorElement>(_ type: T.Type) throws -> Tensor {
            let outputShape = try Broadcast.shape(of: [condition.shape, x.shape, y.shape])
            let n = Shape.elementCount(outputShape)
            // Operands that are full-size or single elements walk with stride 1 or 0 in one loop;
            // only genuinely partial broadcasts need the general (slower, closure-driven) walk.
            let simple = [condition.count, x.count, y.count].allSatisfy { $0 == n || $0 == 1 }
            let cs: [Bool] = try condition.elements()
            let xs: [T] = try x.elements()
            let ys: [T] = try y.elements()
            return Tensor.build(shape: outputShape, of: T.self) { out in
                cs.withUnsafeBufferPointer { pc in
                    xs.withUnsafeBufferPointer { px in
                        ys.withUnsafeBufferPointer { py in
                            guard simple else {
                                Broadcast.apply(
                                    pc,
                                    shape: condition.shape,
                                    px,
                                    shape: x.shape,
                                    py,
                                    shape: y.shape,
                                    outputShape: outputShape,
                                    into: out
                                ) { $0 ? $1 : $2 }
                                return
                            }
                            WhereOperator.select(pc, px, py, count: n, into: out)
                        }
                    }
                }
            }
        }
    }
}
