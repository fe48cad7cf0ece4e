/// MaxPool and AveragePool over 1-D, 2-D and N-D windows (`kernel_shape`, `strides`, `pads`, `auto_pad`,
/// `ceil_mode`, `dilations`); MaxPool can also return the flat input index of each maximum (`Indices`),
/// AveragePool divides by the in-bounds taps, or with `count_include_pad` by the whole kernel size (as
/// ONNX's reference does, counting the positions `ceil_mode` adds past the end padding too).
struct PoolOperator: Operator {
    let opType: String
    let isMax: Bool
    let window: WindowAttributes
    let countIncludePad: Bool
    let columnMajorIndices: Bool
    let wantsIndices: Bool

    init(node: NodeInfo, isMax: Bool) throws {
        opType = isMax ? "MaxPool" : "AveragePool"
        self.isMax = isMax
        window = try WindowAttributes(node: node, requireKernel: true)
        countIncludePad = try node.attributes.int("count_include_pad", default: 0) != 0
        columnMajorIndices = try node.attributes.int("storage_order", default: 0) != 0
        wantsIndices = isMax && node.hasOutput(1)
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, opType)
        guard x.rank >= 3 else {
            throw RuntimeError.invalidInput("\(opType) needs X [N, C, spatial…], got shape \(x.shape)")
        }
        let kernel = window.kernelShape ?? []
        let g = try window.geometry(input: Array(x.shape[2...]), kernel: kernel)
        let windows = PoolingWindows(g)
        let planes = x.shape[0] * x.shape[1]
        let outShape = Array(x.shape[..<2]) + g.output
        if windows.offsets.isEmpty && planes * g.outputCount > 0 {
            throw RuntimeError.invalidInput("\(opType): no window of shape \(kernel) reads any of the input \(x.shape)")
        }
        switch x.storage {
        case .float(let a): return try pool(a, windows, planes, outShape)
        case .double(let a): return try pool(a, windows, planes, outShape)
        case .float16(let a):
            let r = try pool(a.map(\.floatValue), windows, planes, outShape)
            let y = try r[0].asTensor()
            let half = Tensor(uncheckedShape: y.shape, storage: .float16((y.floats ?? []).map { Float16Bits($0) }))
            return [.tensor(half)] + r.dropFirst()
        case .uint8(let a) where isMax: return maxPool(a, windows, planes, outShape)
        case .int8(let a) where isMax: return maxPool(a, windows, planes, outShape)
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: opType)
        }
    }

    func pool<T: TensorElement & BinaryFloatingPoint>(
        _ a: [T], _ w: PoolingWindows, _ planes: Int, _ outShape: [Int]
    ) throws -> [Value] {
        if isMax { return maxPool(a, w, planes, outShape) }
        let inPlane = w.geometry.inputCount
        let outPlane = w.geometry.outputCount
        let includePad = countIncludePad
        let kernelCount = T(w.geometry.kernelCount)
        let y = Tensor.build(shape: outShape, of: T.self) { out in
            Self.withWindows(a, w) { src, offsets, starts in
                for p in 0..<planes {
                    let plane = src + p * inPlane
                    for o in 0..<outPlane {
                        let lo = starts[o]
                        let hi = starts[o + 1]
                        var sum: T = 0
                        for t in lo..<hi { sum += plane[offsets[t]] }
                        out[p * outPlane + o] = sum / (includePad ? kernelCount : T(hi - lo))
                    }
                }
            }
        }
        return [.tensor(y)]
    }

    func maxPool<T: TensorElement & Comparable>(
        _ a: [T], _ w: PoolingWindows, _ planes: Int, _ outShape: [Int]
    ) -> [Value] {
        let inPlane = w.geometry.inputCount
        let outPlane = w.geometry.outputCount
        var indices: [Int64] = wantsIndices ? Array(repeating: 0, count: planes * outPlane) : []
        let g = w.geometry
        if !wantsIndices && g.input.count == 1 && w.offsets.count == outPlane * g.kernelCount {
            // 1-D windows that never touch padding: index the input directly.
            let stride = g.strides[0]
            let dilation = g.dilations[0]
            let taps = g.kernel[0]
            let shift = -g.padsBegin[0]
            let y = Tensor.build(shape: outShape, of: T.self) { out in
                a.withUnsafeBufferPointer { src in
                    guard let base = src.baseAddress, let dst = out.baseAddress else { return }
                    for p in 0..<planes {
                        let plane = base + p * inPlane + shift
                        let row = dst + p * outPlane
                        for o in 0..<outPlane {
                            let window = plane + o &* stride
                            var best = window[0]
                            var t = 1
                            while t < taps {
                                let v = window[t &* dilation]
                                if v > best { best = v }
                                t &+= 1
                            }
                            row[o] = best
                        }
                    }
                }
            }
            return [.tensor(y)]
        }
        let y = Tensor.build(shape: outShape, of: T.self) { out in
            indices.withUnsafeMutableBufferPointer { idx in
                Self.withWindows(a, w) { src, offsets, starts in
                    for p in 0..<planes {
                        let plane = src + p * inPlane
                        for o in 0..<outPlane {
                            let lo = starts[o]
                            let hi = starts[o + 1]
                            guard lo < hi else {
                                // A window entirely in padding (only possible with oversized pads).
                                out[p * outPlane + o] = plane[0]
                                continue
                            }
                            var best = plane[offsets[lo]]
                            var bestOffset = offsets[lo]
                            var t = lo + 1
                            while t < hi {
                                let v = plane[offsets[t]]
                                if v > best {
                                    best = v
                                    bestOffset = offsets[t]
                                }
                                t += 1
                            }
                            out[p * outPlane + o] = best
                            if !idx.isEmpty {
                                let within = columnMajorIndices ? w.columnMajor(bestOffset) : bestOffset
                                idx[p * outPlane + o] = Int64(p * inPlane + within)
                            }
                        }
                    }
                }
            }
        }
        if wantsIndices {
            return [.tensor(y), .tensor(Tensor(shape: outShape, elements: indices))]
        }
        return [.tensor(y)]
    }

    /// Calls `body` with raw pointers to the input and the window tables, keeping the hot loops free of
    /// array bounds checks.
    @inline(__always)
    static func withWindows<T>(
        _ a: [T], _ w: PoolingWindows,
        _ body: (UnsafePointer<T>, UnsafePointer<Int>, UnsafePointer<Int>) -> Void
    ) {
        a.withUnsafeBufferPointer { src in
            w.offsets.withUnsafeBufferPointer { offsets in
                w.starts.withUnsafeBufferPointer { starts in
                    guard let s = src.baseAddress, let o = offsets.baseAddress, let st = starts.baseAddress else { return }
                    body(s, o, st)
                }
            }
        }
    }
}
