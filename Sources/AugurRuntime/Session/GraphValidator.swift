/// Checks a decoded graph before compilation and orders its nodes topologically.
///
/// Every problem of a kind is collected before throwing, so one load attempt reports them all.
struct GraphValidator {
    let model: ONNXModel
    let options: SessionOptions

    /// Node names as used in messages: the file's name, or `<opType>_<index>` when it is empty.
    static func displayName(_ node: ONNXNode, index: Int) -> String {
        node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
    }

    /// The opset version in force for each node, after checking every domain is imported and not too new.
    func opsetVersions() throws -> [Int] {
        var missing: [String] = []
        var versions: [Int] = []
        for (index, node) in model.graph.nodes.enumerated() {
            guard let version = model.opsetImports[node.domain] else {
                let domain = node.domain.isEmpty ? "ai.onnx" : node.domain
                missing.append("node '\(Self.displayName(node, index: index))' (\(node.opType)) uses domain \(domain)")
                versions.append(0)
                continue
            }
            versions.append(version)
        }
        if !missing.isEmpty {
            throw RuntimeError.invalidGraph(
                "the model's opset_import does not list the domain of: \(missing.joined(separator: "; "))"
            )
        }
        for (domain, version) in model.opsetImports.sorted(by: { $0.key < $1.key }) {
            if let limit = options.maximumOpsetVersions[domain], version > limit {
                let name = domain.isEmpty ? "ai.onnx" : domain
                throw RuntimeError.unsupportedModelFeature(
                    "the model imports \(name) opset \(version); this runtime supports up to opset \(limit)"
                )
            }
        }
        return versions
    }

    /// Throws one error listing every operator (with domain and opset) the registry cannot run.
    func checkSupported(versions: [Int]) throws {
        var unsupported = Set<UnsupportedOperator>()
        for (index, node) in model.graph.nodes.enumerated()
        where !options.registry.supports(domain: node.domain, opType: node.opType, opsetVersion: versions[index]) {
            unsupported.insert(UnsupportedOperator(domain: node.domain, opType: node.opType, opsetVersion: versions[index]))
        }
        if !unsupported.isEmpty { throw RuntimeError.unsupportedOperators(unsupported.sorted()) }
    }

    /// Node indices in an order where every value is produced before it is read.
    func topologicalOrder() throws -> [Int] {
        let graph = model.graph
        var producer: [String: Int] = [:]
        var external = Set(graph.initializers.map(\.name))
        for input in graph.inputs { external.insert(input.name) }
        var problems: [String] = []
        for (index, node) in graph.nodes.enumerated() {
            for output in node.outputs where !output.isEmpty {
                if external.contains(output) {
                    problems.append(
                        "node '\(Self.displayName(node, index: index))' writes '\(output)', which is a graph input or initializer"
                    )
                } else if let other = producer[output] {
                    problems.append(
                        "'\(output)' is written by both '\(Self.displayName(graph.nodes[other], index: other))' and '\(Self.displayName(node, index: index))'"
                    )
                } else {
                    producer[output] = index
                }
            }
        }
        var dependents = [[Int]](repeating: [], count: graph.nodes.count)
        var pending = [Int](repeating: 0, count: graph.nodes.count)
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where !input.isEmpty {
                if let p = producer[input] {
                    dependents[p].append(index)
                    pending[index] += 1
                } else if !external.contains(input) {
                    problems.append(
                        "node '\(Self.displayName(node, index: index))' (\(node.opType)) reads '\(input)', which no graph input, initializer or node produces"
                    )
                }
            }
        }
        for output in graph.outputs where producer[output.name] == nil && !external.contains(output.name) {
            problems.append("graph output '\(output.name)' is not produced by any node, input or initializer")
        }
        if !problems.isEmpty { throw RuntimeError.invalidGraph(problems.joined(separator: "; ")) }

        var order: [Int] = []
        order.reserveCapacity(graph.nodes.count)
        var ready = (0..<graph.nodes.count).filter { pending[$0] == 0 }.reversed() as [Int]
        while let next = ready.popLast() {
            order.append(next)
            for d in dependents[next].reversed() {
                pending[d] -= 1
                if pending[d] == 0 { ready.append(d) }
            }
        }
        if order.count < graph.nodes.count {
            let stuck = (0..<graph.nodes.count).filter { pending[$0] > 0 }.map { Self.displayName(graph.nodes[$0], index: $0) }
            throw RuntimeError.invalidGraph("the nodes \(stuck.joined(separator: ", ")) form a cycle (each waits on another's output)")
        }
        return order
    }

    /// Checks initializers against the types the graph declares for them.
    func checkDeclaredTypes() throws {
        let graph = model.graph
        var declared: [String: ValueType] = [:]
        for info in graph.inputs + graph.valueInfo { if let t = info.type { declared[info.name] = t } }
        var problems: [String] = []
        for initializer in graph.initializers {
            guard case .tensor(let type, let shape)? = declared[initializer.name] else { continue }
            let tensor = initializer.tensor
            if type != tensor.dataType {
                problems.append("initializer '\(initializer.name)' holds \(tensor.dataType) but is declared \(type)")
            } else if let shape, !InputChecker.shape(tensor.shape, fits: shape) {
                problems.append(
                    "initializer '\(initializer.name)' has shape \(tensor.shape) but is declared \(InputChecker.describe(shape))"
                )
            }
        }
        if !problems.isEmpty { throw RuntimeError.invalidGraph(problems.joined(separator: "; ")) }
    }
}
