/// A loaded, validated and compiled ONNX model, ready to run; safe to share across threads.
///
/// Loading parses the protobuf, checks the graph (opset imports, that every value is produced before
/// it is read, initializer types), reports every unsupported operator at once, instantiates one kernel
/// per node and plans value slots so each run only allocates its slot array and the tensors themselves.
public final class InferenceSession: Sendable {
    /// The decoded model (metadata, opsets, graph).
    public let model: ONNXModel
    /// The inputs a caller must supply, in graph order.
    public let inputs: [ValueInfo]
    /// Declared inputs backed by an initializer: optional, supplied only to override the stored value.
    public let overridableInputs: [ValueInfo]
    /// The outputs every run returns, in graph order.
    public let outputs: [ValueInfo]
    let plan: ExecutionPlan
    private let checksSymbolicDims: Bool

    /// Loads a model from a `.onnx` file.
    public convenience init(contentsOfFile path: String, options: SessionOptions = SessionOptions()) throws {
        try self.init(modelData: try ModelFile.contents(ofPath: path), options: options)
    }

    /// Loads a model from the bytes of a `.onnx` file.
    public convenience init(modelData: [UInt8], options: SessionOptions = SessionOptions()) throws {
        try self.init(model: try ONNXDecoder.decodeModel(modelData), options: options)
    }

    /// Compiles an already decoded model.
    public init(model: ONNXModel, options: SessionOptions = SessionOptions()) throws {
        let validator = GraphValidator(model: model, options: options)
        let versions = try validator.opsetVersions()
        try validator.checkSupported(versions: versions)
        let order = try validator.topologicalOrder()
        try validator.checkDeclaredTypes()
        self.plan = try ExecutionPlan.build(model: model, order: order, versions: versions, registry: options.registry)
        self.model = model
        let required = Set(plan.inputs.filter { $0.defaultValue == nil }.map(\.name))
        let overridable = Set(plan.inputs.filter { $0.defaultValue != nil }.map(\.name))
        self.inputs = model.graph.inputs.filter { required.contains($0.name) }
        self.overridableInputs = model.graph.inputs.filter { overridable.contains($0.name) }
        self.outputs = model.graph.outputs
        let symbolic = plan.inputs.filter { input in
            guard case .tensor(_, let shape?)? = input.type else { return false }
            return shape.contains { if case .symbolic = $0 { true } else { false } }
        }
        self.checksSymbolicDims = symbolic.count > 1
    }

    /// Runs the model on named inputs and returns every graph output by name.
    public func run(_ feeds: [String: Value], options: RunOptions = RunOptions()) throws -> [String: Value] {
        var slots = [Value?](repeating: nil, count: plan.slotCount)
        var matched = 0
        for input in plan.inputs {
            if let value = feeds[input.name] {
                try InputChecker.check(value, name: input.name, declared: input.type)
                slots[input.slot] = value
                matched += 1
            } else if let value = input.defaultValue {
                slots[input.slot] = value
            } else {
                throw RuntimeError.missingInput(name: input.name)
            }
        }
        if matched != feeds.count {
            let known = Set(plan.inputs.map(\.name))
            let unknown = feeds.keys.filter { !known.contains($0) }.sorted()
            throw RuntimeError.unknownInput(name: unknown.first ?? "", expected: plan.inputs.map(\.name))
        }
        if checksSymbolicDims {
            try InputChecker.checkSymbolicDims(plan.inputs.compactMap { i in slots[i.slot].map { (i.name, $0, i.type) } })
        }
        try execute(&slots, options: options)
        var result: [String: Value] = Dictionary(minimumCapacity: plan.outputs.count)
        for output in plan.outputs { result[output.name] = try read(output, slots) }
        return result
    }

    /// Runs the model on values given in `inputs` order (optionally followed by `overridableInputs` values)
    /// and returns outputs in `outputs` order; avoids dictionaries for the lowest per-call overhead.
    public func run(inputs values: [Value], options: RunOptions = RunOptions()) throws -> [Value] {
        guard values.count <= plan.inputs.count else {
            throw RuntimeError.invalidRequest("the model takes \(plan.inputs.count) inputs, got \(values.count)")
        }
        var slots = [Value?](repeating: nil, count: plan.slotCount)
        for (i, input) in plan.inputs.enumerated() {
            if i < values.count {
                try InputChecker.check(values[i], name: input.name, declared: input.type)
                slots[input.slot] = values[i]
            } else if let value = input.defaultValue {
                slots[input.slot] = value
            } else {
                throw RuntimeError.missingInput(name: input.name)
            }
        }
        if checksSymbolicDims {
            try InputChecker.checkSymbolicDims(plan.inputs.compactMap { i in slots[i.slot].map { (i.name, $0, i.type) } })
        }
        try execute(&slots, options: options)
        return try plan.outputs.map { try read($0, slots) }
    }

    private func read(_ output: ExecutionPlan.Output, _ slots: [Value?]) throws -> Value {
        let value = output.ref >= 0 ? slots[output.ref] : plan.constants[-(output.ref + 1)]
        guard let value else {
            throw RuntimeError.invalidGraph("graph output '\(output.name)' was not produced (its node left an optional output empty)")
        }
        return value
    }

    private func execute(_ slots: inout [Value?], options: RunOptions) throws {
        let context = ExecutionContext(options: options)
        var arguments: [Value?] = []
        arguments.reserveCapacity(plan.maxArity)
        let constants = plan.constants
        for step in plan.steps {
            arguments.removeAll(keepingCapacity: true)
            for ref in step.inputs {
                if ref >= 0 {
                    arguments.append(slots[ref])
                } else if ref == ExecutionPlan.omitted {
                    arguments.append(nil)
                } else {
                    arguments.append(constants[-(ref + 1)])
                }
            }
            let results: [Value]
            do {
                results = try step.op.run(arguments, context: context)
            } catch {
                throw RuntimeError.nodeFailed(node: step.nodeName, opType: step.opType, domain: step.domain, reason: "\(error)")
            }
            for (k, slot) in step.outputs.enumerated() where slot != ExecutionPlan.omitted {
                guard k < results.count else {
                    throw RuntimeError.nodeFailed(
                        node: step.nodeName,
                        opType: step.opType,
                        domain: step.domain,
                        reason: "produced \(results.count) outputs, but output \(k) is used by the graph"
                    )
                }
                if options.validateOutputs { try Self.validate(results[k], step: step, index: k) }
                slots[slot] = results[k]
            }
            for slot in step.releases { slots[slot] = nil }
        }
        if options.validateOutputs {
            for output in plan.outputs {
                guard let declared = output.type, let value = try? read(output, slots) else { continue }
                if case .tensor(let type, _) = declared, case .tensor(let t) = value, t.dataType != type {
                    throw RuntimeError.invalidGraph(
                        "graph output '\(output.name)' is declared \(type) but the model produced \(t.dataType)"
                    )
                }
            }
        }
    }

    /// Checks a kernel's output for internal consistency and against the element type the model declares.
    private static func validate(_ value: Value, step: ExecutionPlan.Step, index: Int) throws {
        guard case .tensor(let t) = value else { return }
        func fail(_ reason: String) -> RuntimeError {
            .nodeFailed(node: step.nodeName, opType: step.opType, domain: step.domain, reason: reason)
        }
        if t.storage.count != Shape.elementCount(t.shape) || t.shape.contains(where: { $0 < 0 }) {
            throw fail("output \(index) has shape \(t.shape) but \(t.storage.count) elements")
        }
        if index < step.outputTypes.count, case .tensor(let declared, _)? = step.outputTypes[index], declared != t.dataType {
            throw fail("output \(index) is \(t.dataType) but the model declares \(declared)")
        }
    }
}
