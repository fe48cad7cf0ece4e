import AugurRuntime
import Foundation

/// Runs ONNX backend node test cases (`<case>/model.onnx`, `test_data_set_*/{input,output}_*.pb`)
/// whose operators the registry supports, and tallies the results per operator.
struct ConformanceRunner {
    enum Outcome {
        case passed
        case failed(String)
        case skippedUnsupported([UnsupportedOperator])
        case skippedFeature(String)
        case skippedRandom
    }

    struct CaseResult {
        let name: String
        let operators: [String]
        let outcome: Outcome
    }

    /// Cases whose expected outputs come from a random generator, so no runtime can reproduce them.
    static let randomCases: Set<String> = [
        "test_training_dropout", "test_training_dropout_default", "test_training_dropout_default_mask",
        "test_training_dropout_mask", "test_bernoulli", "test_bernoulli_double", "test_bernoulli_seed",
        "test_bernoulli_expanded", "test_bernoulli_double_expanded", "test_bernoulli_seed_expanded",
    ]

    let directory: String
    let registry: OperatorRegistry
    /// Only cases whose name contains this text run (all when nil).
    let filter: String?
    /// Writes each case name to stderr before running it, so a crashing kernel can be traced to its case.
    var verbose = false

    func run() throws -> ConformanceReport {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("test_") && (filter.map($0.contains) ?? true) }
            .sorted()
        var results: [CaseResult] = []
        for name in names {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path + "/model.onnx") else { continue }
            if verbose { FileHandle.standardError.write(Data("conformance: \(name)\n".utf8)) }
            results.append(runCase(name: name, path: path))
        }
        return ConformanceReport(directory: directory, results: results)
    }

    private func runCase(name: String, path: String) -> CaseResult {
        let model: ONNXModel
        do {
            model = try ONNXDecoder.decodeModel(try read(path + "/model.onnx"))
        } catch let error as RuntimeError {
            if case .unsupportedModelFeature(let why) = error {
                return CaseResult(name: name, operators: [], outcome: .skippedFeature(why))
            }
            return CaseResult(name: name, operators: [], outcome: .failed("decode: \(error)"))
        } catch {
            return CaseResult(name: name, operators: [], outcome: .failed("read: \(error)"))
        }
        let operators = Array(Set(model.graph.nodes.map { $0.domain.isEmpty ? $0.opType : "\($0.domain)::\($0.opType)" })).sorted()
        func result(_ outcome: Outcome) -> CaseResult { CaseResult(name: name, operators: operators, outcome: outcome) }

        var missing = Set<UnsupportedOperator>()
        for node in model.graph.nodes {
            let version = model.opsetImports[node.domain] ?? 0
            if !registry.supports(domain: node.domain, opType: node.opType, opsetVersion: version) {
                missing.insert(UnsupportedOperator(domain: node.domain, opType: node.opType, opsetVersion: version))
            }
        }
        if !missing.isEmpty { return result(.skippedUnsupported(missing.sorted())) }
        if Self.randomCases.contains(name) { return result(.skippedRandom) }

        let (rtol, atol) = tolerances(path)
        do {
            let session = try InferenceSession(model: model, options: SessionOptions(registry: registry))
            let dataSets = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.hasPrefix("test_data_set_") }.sorted()
            for dataSet in dataSets {
                let dir = path + "/" + dataSet
                var feeds: [String: Value] = [:]
                for (i, input) in model.graph.inputs.enumerated() {
                    let file = dir + "/input_\(i).pb"
                    guard FileManager.default.fileExists(atPath: file) else { continue }
                    feeds[input.name] = try decodeValue(try read(file), type: input.type)
                }
                let outputs = try session.run(feeds, options: RunOptions(validateOutputs: true))
                for (i, output) in model.graph.outputs.enumerated() {
                    let file = dir + "/output_\(i).pb"
                    guard FileManager.default.fileExists(atPath: file) else { continue }
                    let expected = try decodeValue(try read(file), type: output.type)
                    guard let actual = outputs[output.name] else {
                        return result(.failed("\(dataSet): output '\(output.name)' missing"))
                    }
                    if let difference = ValueComparison.difference(actual: actual, expected: expected, rtol: rtol, atol: atol) {
                        return result(.failed("\(dataSet): output '\(output.name)': \(difference)"))
                    }
                }
            }
            return result(.passed)
        } catch let error as RuntimeError {
            if case .unsupportedModelFeature(let why) = error { return result(.skippedFeature(why)) }
            return result(.failed("\(error)"))
        } catch {
            return result(.failed("\(error)"))
        }
    }

    private func decodeValue(_ bytes: [UInt8], type: ValueType?) throws -> Value {
        switch type {
        case .sequence?: return try ONNXDecoder.decodeSequence(bytes).value
        case .optional?: throw RuntimeError.unsupportedModelFeature("optional-typed test data")
        case .map?: throw RuntimeError.unsupportedModelFeature("map-typed test data")
        default: return .tensor(try ONNXDecoder.decodeTensor(bytes).tensor)
        }
    }

    /// ONNX's defaults (rtol 1e-3, atol 1e-7), overridden by a case's `data.json` when present.
    private func tolerances(_ path: String) -> (Double, Double) {
        var rtol = 1e-3
        var atol = 1e-7
        if let data = FileManager.default.contents(atPath: path + "/data.json"),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            rtol = (json["rtol"] as? Double) ?? rtol
            atol = (json["atol"] as? Double) ?? atol
        }
        return (rtol, atol)
    }

    private func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError.invalidRequest("cannot read \(path)")
        }
        return [UInt8](data)
    }
}
