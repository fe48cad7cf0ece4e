/// Conv (1-D, 2-D and N-D) as im2col + GEMM per image and group: `Y[g] = W[g] * cols + B`, the bias
/// added in the GEMM's store. A pointwise (1x1, stride 1, unpadded) kernel multiplies the input directly;
/// float kernels of depth ≤ one GEMM block pack their weights once per run (`convolvePacked`).
struct ConvOperator: Operator {
    let window: WindowAttributes
    let group: Int

    init(node: NodeInfo) throws {
        window = try WindowAttributes(node: node, requireKernel: false)
        group = try node.attributes.int("group", default: 1)
        guard group >= 1 else { throw node.attributes.invalid("group", "must be at least 1, got \(group)") }
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, "Conv")
        let w = try MathOperatorInputs.tensor(inputs, 1, "Conv")
        let b = try MathOperatorInputs.optionalTensor(inputs, 2)
        switch (x.storage, w.storage) {
        case (.float(let xs), .float(let ws)):
            return [.tensor(try convolve(xs, x.shape, ws, w.shape, try b.map { try $0.elements(Float.self) }))]
        case (.double(let xs), .double(let ws)):
            return [.tensor(try convolve(xs, x.shape, ws, w.shape, try b.map { try $0.elements(Double.self) }))]
        default:
            throw RuntimeError.unsupportedDataType(x.dataType, operation: "Conv")
        }
    }

    func convolve<T: TensorElement & BinaryFloatingPoint>(
        _ xs: [T], _ xShape: [Int], _ ws: [T], _ wShape: [Int], _ bias: [T]?
    ) throws -> Tensor {
        guard xShape.count >= 3, wShape.count == xShape.count else {
            throw RuntimeError.invalidInput("Conv needs X [N, C, spatial…] and W [M, C/group, kernel…], got \(xShape) and \(wShape)")
        }
        let batch = xShape[0]
        let channels = xShape[1]
        let filters = wShape[0]
        let kernel = Array(wShape[2...])
        if let k = window.kernelShape, k != kernel {
            throw RuntimeError.invalidInput("Conv kernel_shape \(k) does not match the weights' \(kernel)")
        }
        guard channels % group == 0, filters % group == 0, wShape[1] * group == channels else {
            throw RuntimeError.invalidInput(
                "Conv: \(channels) input channels and \(filters) filters do not split into \(group) groups of W \(wShape)")
        }
        if let bias, bias.count != filters {
            throw RuntimeError.invalidInput("Conv bias has \(bias.count) values for \(filters) filters")
        }
        let g = try window.geometry(input: Array(xShape[2...]), kernel: kernel)
        let groupChannels = channels / group
        let groupFilters = filters / group
        let depth = groupChannels * g.kernelCount
        let positions = g.outputCount
        let outShape = [batch, filters] + g.output
        if T.self == Float.self, PackedGemmA.supports(k: depth) {
            return Self.convolvePacked(
                unsafeBitCast(xs, to: [Float].self), unsafeBitCast(ws, to: [Float].self),
                bias.map { unsafeBitCast($0, to: [Float].self) }, batch: batch, channels: channels, filters: filters,
                group: group, geometry: g, outShape: outShape)
        }
        return Tensor.build(shape: outShape, of: T.self) { out in
            guard let y = out.baseAddress, !out.isEmpty else { return }
            let pointwise = g.isPointwise
            let cols = UnsafeMutablePointer<T>.allocate(capacity: pointwise ? 0 : depth * positions)
            defer { cols.deallocate() }
            xs.withUnsafeBufferPointer { px in
                ws.withUnsafeBufferPointer { pw in
                    for n in 0..<batch {
                        for gi in 0..<group {
                            let image = px.baseAddress! + (n * channels + gi * groupChannels) * g.inputCount
                            let operand: UnsafePointer<T>
                            if pointwise {
                                operand = image
                            } else {
                                Im2Col.fill(image, channels: groupChannels, geometry: g, into: cols)
                                operand = UnsafePointer(cols)
                            }
                            let weights = MatrixView(pw.baseAddress! + gi * groupFilters * depth, rowStride: depth, colStride: 1)
                            let columns = MatrixView(operand, rowStride: positions, colStride: 1)
                            let target = y + (n * filters + gi * groupFilters) * positions
                            if let bias {
                                bias.withUnsafeBufferPointer { pb in
                                    let view = GemmBias(pb.baseAddress! + gi * groupFilters, rowStride: 1, colStride: 0, beta: 1)
                                    MatrixMultiply.multiply(
                                        m: groupFilters, n: positions, k: depth, a: weights, b: columns, alpha: 1,
                                        bias: view, into: target, ldc: positions)
                                }
                            } else {
                                MatrixMultiply.multiply(
                                    m: groupFilters, n: positions, k: depth, a: weights, b: columns, alpha: 1,
                                    bias: nil, into: target, ldc: positions)
                            }
                        }
                    }
                }
            }
        }
    }

    /// The float path for kernels of depth ≤ one GEMM block: each group's weights are packed once per
    /// run, and every image only lays out its columns (im2col), packs them and runs the micro-kernels.
    static func convolvePacked(
        _ xs: [Float], _ ws: [Float], _ bias: [Float]?, batch: Int, channels: Int, filters: Int, group: Int,
        geometry g: WindowGeometry, outShape: [Int]
    ) -> Tensor {
        let groupChannels = channels / group
        let groupFilters = filters / group
        let depth = groupChannels * g.kernelCount
        let positions = g.outputCount
        return Tensor.build(shape: outShape, of: Float.self) { out in
            guard let y = out.baseAddress, !out.isEmpty else { return }
            let pointwise = g.isPointwise
            let cols = UnsafeMutablePointer<Float>.allocate(capacity: pointwise ? 0 : depth * positions)
            let workspace = UnsafeMutablePointer<Float>.allocate(capacity: PackedGemmA.workspaceSize(k: depth, n: positions))
            defer {
                cols.deallocate()
                workspace.deallocate()
            }
            xs.withUnsafeBufferPointer { px in
                ws.withUnsafeBufferPointer { pw in
                    let packed = (0..<group).map { gi in
                        PackedGemmA(
                            m: groupFilters, k: depth,
                            a: MatrixView(pw.baseAddress! + gi * groupFilters * depth, rowStride: depth, colStride: 1))
                    }
                    defer { packed.forEach { $0.deallocate() } }
                    let zero: [Float] = [0]
                    (bias ?? zero).withUnsafeBufferPointer { pb in
                        for n in 0..<batch {
                            for gi in 0..<group {
                                let image = px.baseAddress! + (n * channels + gi * groupChannels) * g.inputCount
                                let operand: UnsafePointer<Float>
                                if pointwise {
                                    operand = image
                                } else {
                                    Im2Col.fill(image, channels: groupChannels, geometry: g, into: cols)
                                    operand = UnsafePointer(cols)
                                }
                                let view = bias == nil
                                    ? nil : GemmBias(pb.baseAddress! + gi * groupFilters, rowStride: 1, colStride: 0, beta: 1)
                                packed[gi].multiply(
                                    n: positions, b: MatrixView(operand, rowStride: positions, colStride: 1), bias: view,
                                    workspace: workspace, into: y + (n * filters + gi * groupFilters) * positions,
                                    ldc: positions)
                            }
                        }
                    }
                }
            }
        }
    }
}
