/// ReduceSum, ReduceMean and ReduceMax with `keepdims` and `noop_with_empty_axes`; axes are an attribute
/// before opset 13 (ReduceSum) / 18 (ReduceMean, ReduceMax) and an optional input from then on.
struct ReduceOperator: Operator {
    enum Kind: String, Sendable {
        case sum = "ReduceSum", mean = "ReduceMean", max = "ReduceMax"
    }

    let kind: Kind
    let keepDims: Bool
    let noopWithEmptyAxes: Bool
    /// Axes from the attribute (older opsets); nil when they come from input 1 or reduce everything.
    let attributeAxes: [Int]?
    let axesFromInput: Bool

    init(node: NodeInfo, kind: Kind) throws {
        self.kind = kind
        keepDims = try node.attributes.int("keepdims", default: 1) != 0
        noopWithEmptyAxes = try node.attributes.int("noop_with_empty_axes", default: 0) != 0
        axesFromInput = node.opsetVersion >= (kind == .sum ? 13 : 18)
        attributeAxes = axesFromInput ? nil : try node.attributes.intsIfPresent("axes")
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        let x = try MathOperatorInputs.tensor(inputs, 0, kind.rawValue)
        var axes = attributeAxes ?? []
        if axesFromInput, let t = try MathOperatorInputs.optionalTensor(inputs, 1) {
            axes = try t.integerValues()
        }
        if axes.isEmpty {
            if noopWithEmptyAxes { return [.tensor(x)] }
            axes = Array(0..<x.rank)
        }
        let normalized = try Shape.normalizeAxes(axes, rank: x.rank)
        let plan = ReductionPlan(shape: x.shape, axes: Set(normalized), keepDims: keepDims)
        return [.tensor(try reduce(x, plan))]
    }

    func reduce(_ x: Tensor, _ plan: ReductionPlan) throws -> Tensor {
        switch x.storage {
        case .float(let a): return floating(a, plan)
        case .double(let a): return floating(a, plan)
        case .float16(let a):
            let r = floating(a.map(\.floatValue), plan)
            return Tensor(uncheckedShape: r.shape, storage: .float16((r.floats ?? []).map { Float16Bits($0) }))
        case .int64(let a): return integer(a, plan)
        case .int32(let a): return integer(a, plan)
        case .int16(let a): return integer(a, plan)
        case .int8(let a): return integer(a, plan)
        case .uint64(let a): return integer(a, plan)
        case .uint32(let a): return integer(a, plan)
        case .uint16(let a): return integer(a, plan)
        case .uint8(let a): return integer(a, plan)
        case .bool(let a) where kind == .max:
            return plan.run(a, initial: false) { $0 || $1 }
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: kind.rawValue)
        }
    }

    func floating<T: TensorElement & BinaryFloatingPoint>(_ a: [T], _ plan: ReductionPlan) -> Tensor {
        switch kind {
        case .sum: return plan.run(a, initial: 0) { $0 + $1 }
        case .max: return plan.run(a, initial: -T.infinity) { ($1 > $0 || $1.isNaN) ? $1 : $0 }
        case .mean:
            let divisor = T(plan.reducedCount)
            return plan.run(a, initial: 0, { $0 + $1 }, finish: { $0 / divisor })
        }
    }

    func integer<T: TensorElement & FixedWidthInteger>(_ a: [T], _ plan: ReductionPlan) -> Tensor {
        switch kind {
        case .sum: return plan.run(a, initial: 0) { $0 &+ $1 }
        case .max: return plan.run(a, initial: T.min) { Swift.max($0, $1) }
        case .mean:
            // Integer means truncate, as ONNX runtimes compute them in the input type.
            let n = T(truncatingIfNeeded: plan.reducedCount)
            return plan.run(a, initial: 0, { $0 &+ $1 }, finish: { n == 0 ? 0 : $0 / n })
        }
    }
}
