/// A compiled graph: nodes in execution order, values addressed by integer slots, and the slots each
/// step may release afterwards. Built once per session; immutable and shared by concurrent runs.
struct ExecutionPlan: Sendable {
    /// Marks an omitted optional input or output in `Step.inputs` / `Step.outputs`.
    static let omitted = Int.min

    /// A value reference: `>= 0` is a slot, `< 0` (but not `omitted`) is constant `-(ref + 1)`.
    typealias Ref = Int

    /// A class so the executor's loop retains one reference per step instead of copying its fields.
    final class Step: Sendable {
        let op: any Operator
        let inputs: [Ref]
        let outputs: [Int]
        /// Slots whose last reader is this step; cleared afterwards so memory is returned early.
        let releases: [Int]
        /// Declared types of the outputs (value_info / graph outputs), checked when `validateOutputs` is set.
        let outputTypes: [ValueType?]
        let nodeName: String
        let opType: String
        let domain: String

        init(
            op: any Operator,
            inputs: [Ref],
            outputs: [Int],
            releases: [Int],
            outputTypes: [ValueType?],
            nodeName: String,
            opType: String,
            domain: String
        ) {
            self.op = op
            self.inputs = inputs
            self.outputs = outputs
            self.releases = releases
            self.outputTypes = outputTypes
            self.nodeName = nodeName
            self.opType = opType
            self.domain = domain
        }
    }

    struct Input: Sendable {
        let name: String
        let slot: Int
        let type: ValueType?
        /// An initializer that backs this input when the caller does not supply it.
        let defaultValue: Value?
    }

    struct Output: Sendable {
        let name: String
        let ref: Ref
        let type: ValueType?
    }

    let slotCount: Int
    let constants: [Value]
    let inputs: [Input]
    let outputs: [Output]
    let steps: [Step]
    /// The largest input count of any step, to size the reusable argument buffer.
    let maxArity: Int
}

extension ExecutionPlan {
    /// Compiles a validated graph: assigns slots, instantiates operators, computes last uses.
    static func build(model: ONNXModel, order: [Int], versions: [Int], registry: OperatorRegistry) throws -> ExecutionPlan {
        let graph = model.graph
        var refs: [String: Ref] = [:]
        var constants: [Value] = []
        var slotCount = 0
        func newSlot() -> Int {
            slotCount += 1
            return slotCount - 1
        }

        let declaredInputs = Set(graph.inputs.map(\.name))
        var initializerValues: [String: Value] = [:]
        for initializer in graph.initializers {
            initializerValues[initializer.name] = .tensor(initializer.tensor)
            if !declaredInputs.contains(initializer.name) {
                constants.append(.tensor(initializer.tensor))
                refs[initializer.name] = -constants.count
            }
        }
        var inputs: [Input] = []
        for info in graph.inputs where refs[info.name] == nil {
            let slot = newSlot()
            refs[info.name] = slot
            inputs.append(Input(name: info.name, slot: slot, type: info.type, defaultValue: initializerValues[info.name]))
        }

        // Required inputs first, so positional runs can leave the initializer-backed ones off.
        inputs = inputs.filter { $0.defaultValue == nil } + inputs.filter { $0.defaultValue != nil }

        var declaredTypes: [String: ValueType] = [:]
        for info in graph.inputs + graph.valueInfo + graph.outputs { if let t = info.type { declaredTypes[info.name] = t } }
        for initializer in graph.initializers where declaredTypes[initializer.name] == nil {
            declaredTypes[initializer.name] = .tensor(
                elementType: initializer.tensor.dataType,
                shape: initializer.tensor.shape.map { .fixed($0) }
            )
        }

        var pendingSteps: [(op: any Operator, inputs: [Ref], outputs: [Int], name: String, node: ONNXNode)] = []
        var maxArity = 0
        for index in order {
            let node = graph.nodes[index]
            let name = GraphValidator.displayName(node, index: index)
            let inputRefs = node.inputs.map { $0.isEmpty ? omitted : refs[$0]! }
            let info = NodeInfo(
                name: name,
                opType: node.opType,
                domain: node.domain,
                opsetVersion: versions[index],
                attributes: NodeAttributes(nodeName: name, opType: node.opType, values: node.attributes),
                inputs: node.inputs,
                outputs: node.outputs,
                inputTypes: node.inputs.map { $0.isEmpty ? nil : declaredTypes[$0] },
                constantInputs: inputRefs.map { ref in
                    ref < 0 && ref != omitted ? constants[-(ref + 1)].tensor : nil
                }
            )
            guard let factory = registry.factory(domain: node.domain, opType: node.opType, opsetVersion: versions[index]) else {
                throw RuntimeError.unsupportedOperators([
                    UnsupportedOperator(domain: node.domain, opType: node.opType, opsetVersion: versions[index])
                ])
            }
            let op: any Operator
            do {
                op = try factory(info)
            } catch let error as RuntimeError {
                switch error {
                case .missingAttribute, .invalidAttribute, .unsupportedModelFeature, .unsupportedOperators: throw error
                default:
                    throw RuntimeError.nodeFailed(
                        node: name,
                        opType: node.opType,
                        domain: node.domain,
                        reason: "cannot be prepared: \(error)"
                    )
                }
            }
            // A Constant node's value is fixed: compute it once here instead of on every run.
            if node.domain.isEmpty && node.opType == "Constant" && node.inputs.isEmpty {
                let values: [Value]
                do {
                    values = try op.run([], context: ExecutionContext())
                } catch {
                    throw RuntimeError.nodeFailed(node: name, opType: node.opType, domain: node.domain, reason: "\(error)")
                }
                for (k, output) in node.outputs.enumerated() where !output.isEmpty && k < values.count {
                    constants.append(values[k])
                    refs[output] = -constants.count
                }
                continue
            }
            let outputSlots = node.outputs.map { output -> Int in
                if output.isEmpty { return omitted }
                let slot = newSlot()
                refs[output] = slot
                return slot
            }
            maxArity = max(maxArity, node.inputs.count)
            pendingSteps.append((op, inputRefs, outputSlots, name, node))
        }

        let outputs = graph.outputs.map { Output(name: $0.name, ref: refs[$0.name]!, type: $0.type) }
        // Outputs nobody reads are dropped on the spot (and a kernel may leave them off).
        var consumed = Set(outputs.map(\.ref).filter { $0 >= 0 })
        for step in pendingSteps { for ref in step.inputs where ref >= 0 { consumed.insert(ref) } }
        for i in pendingSteps.indices {
            pendingSteps[i].outputs = pendingSteps[i].outputs.map { consumed.contains($0) ? $0 : omitted }
        }
        var lastUse = [Int](repeating: -1, count: slotCount)
        for (stepIndex, step) in pendingSteps.enumerated() {
            for ref in step.inputs where ref >= 0 { lastUse[ref] = stepIndex }
        }
        for output in outputs where output.ref >= 0 { lastUse[output.ref] = Int.max }
        var releases = [[Int]](repeating: [], count: pendingSteps.count)
        for (slot, step) in lastUse.enumerated() where step >= 0 && step != Int.max { releases[step].append(slot) }

        let steps = pendingSteps.enumerated().map { i, s in
            Step(
                op: s.op,
                inputs: s.inputs,
                outputs: s.outputs,
                releases: releases[i],
                outputTypes: s.node.outputs.map { declaredTypes[$0] },
                nodeName: s.name,
                opType: s.node.opType,
                domain: s.node.domain
            )
        }
        return ExecutionPlan(slotCount: slotCount, constants: constants, inputs: inputs, outputs: outputs, steps: steps, maxArity: maxArity)
    }
}
