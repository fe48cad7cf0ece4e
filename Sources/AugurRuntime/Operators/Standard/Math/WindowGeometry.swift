/// How a sliding window (Conv, MaxPool, AveragePool) covers the spatial dimensions: ONNX's `auto_pad`,
/// explicit `pads`, `strides`, `dilations` and `ceil_mode`, resolved against an input's spatial shape.
struct WindowAttributes: Sendable {
    enum AutoPad: String, Sendable {
        case notSet = "NOTSET", sameUpper = "SAME_UPPER", sameLower = "SAME_LOWER", valid = "VALID"
    }

    /// Kernel extent per spatial dimension; nil for Conv when it comes from the weights.
    var kernelShape: [Int]?
    var strides: [Int]?
    var dilations: [Int]?
    /// `[x1_begin, x2_begin, …, x1_end, x2_end, …]`.
    var pads: [Int]?
    var autoPad: AutoPad
    var ceilMode: Bool

    init(node: NodeInfo, requireKernel: Bool) throws {
        let a = node.attributes
        kernelShape = try a.intsIfPresent("kernel_shape")
        if requireKernel && kernelShape == nil {
            throw RuntimeError.missingAttribute(node: node.name, opType: node.opType, attribute: "kernel_shape")
        }
        strides = try a.intsIfPresent("strides")
        dilations = try a.intsIfPresent("dilations")
        pads = try a.intsIfPresent("pads")
        let raw = try a.string("auto_pad", default: "NOTSET")
        guard let mode = AutoPad(rawValue: raw.isEmpty ? "NOTSET" : raw) else {
            throw a.invalid("auto_pad", "must be NOTSET, SAME_UPPER, SAME_LOWER or VALID, got \"\(raw)\"")
        }
        autoPad = mode
        ceilMode = try a.int("ceil_mode", default: 0) != 0
        if let s = strides, s.contains(where: { $0 < 1 }) { throw a.invalid("strides", "must be positive, got \(s)") }
        if let d = dilations, d.contains(where: { $0 < 1 }) { throw a.invalid("dilations", "must be positive, got \(d)") }
        if let k = kernelShape, k.contains(where: { $0 < 1 }) { throw a.invalid("kernel_shape", "must be positive, got \(k)") }
    }

    /// Resolves the window for `input` spatial sizes and a kernel extent.
    func geometry(input: [Int], kernel: [Int]) throws -> WindowGeometry {
        let rank = input.count
        guard kernel.count == rank else {
            throw RuntimeError.invalidInput("kernel shape \(kernel) does not match \(rank) spatial dimensions \(input)")
        }
        let strides = self.strides ?? Array(repeating: 1, count: rank)
        let dilations = self.dilations ?? Array(repeating: 1, count: rank)
        guard strides.count == rank, dilations.count == rank else {
            throw RuntimeError.invalidInput(
                "strides \(strides) / dilations \(dilations) do not match \(rank) spatial dimensions")
        }
        var begin = [Int](repeating: 0, count: rank)
        var end = [Int](repeating: 0, count: rank)
        var output = [Int](repeating: 0, count: rank)
        for d in 0..<rank {
            let extent = (kernel[d] - 1) * dilations[d] + 1
            switch autoPad {
            case .notSet:
                if let pads {
                    guard pads.count == 2 * rank else {
                        throw RuntimeError.invalidInput("pads \(pads) must have \(2 * rank) values")
                    }
                    begin[d] = pads[d]
                    end[d] = pads[d + rank]
                }
                let span = input[d] + begin[d] + end[d] - extent
                guard span >= 0 else {
                    throw RuntimeError.invalidInput(
                        "window of extent \(extent) does not fit padded input size \(input[d] + begin[d] + end[d])")
                }
                if ceilMode {
                    var o = (span + strides[d] - 1) / strides[d] + 1
                    // The last window must start inside the input or its leading padding.
                    if (o - 1) * strides[d] >= input[d] + begin[d] { o -= 1 }
                    output[d] = o
                } else {
                    output[d] = span / strides[d] + 1
                }
            case .valid:
                output[d] = max(0, (input[d] - extent) / strides[d] + 1)
            case .sameUpper, .sameLower:
                let o = (input[d] + strides[d] - 1) / strides[d]
                let total = max(0, (o - 1) * strides[d] + extent - input[d])
                let small = total / 2
                begin[d] = autoPad == .sameUpper ? small : total - small
                end[d] = total - begin[d]
                output[d] = o
            }
        }
        return WindowGeometry(
            input: input, kernel: kernel, strides: strides, dilations: dilations, padsBegin: begin, padsEnd: end,
            output: output)
    }
}

/// A resolved sliding window over one input's spatial dimensions.
struct WindowGeometry: Sendable {
    let input: [Int]
    let kernel: [Int]
    let strides: [Int]
    let dilations: [Int]
    let padsBegin: [Int]
    let padsEnd: [Int]
    let output: [Int]

    var inputCount: Int { Shape.elementCount(input) }
    var outputCount: Int { Shape.elementCount(output) }
    var kernelCount: Int { Shape.elementCount(kernel) }

    /// Whether the window is the identity map (1x1 kernel, unit strides, no padding), so Conv can use
    /// the input directly as its GEMM operand.
    var isPointwise: Bool {
        kernel.allSatisfy { $0 == 1 } && strides.allSatisfy { $0 == 1 } && padsBegin.allSatisfy { $0 == 0 }
            && padsEnd.allSatisfy { $0 == 0 }
    }
}
