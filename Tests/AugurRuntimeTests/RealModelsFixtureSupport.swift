import Foundation
import Testing

@testable import AugurRuntime

/// Reads the model fixtures written by scripts/models (model.onnx, inputs.json, expected.json) and
/// compares a session's outputs with onnxruntime's.
enum ModelFixture {
    /// The `Fixtures/models` folder (from the test bundle, or next to this source file).
    static let root: URL = {
        if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/models"),
           FileManager.default.fileExists(atPath: bundled.path) {
            return bundled
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/models")
    }()

    /// Names of fixture folders under `root/subfolder` that hold a model, sorted.
    static func names(in subfolder: String? = nil) -> [String] {
        let base = subfolder.map { root.appendingPathComponent($0) } ?? root
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: base.appendingPathComponent("\($0)/model.onnx").path) }.sorted()
    }

    struct Case {
        var session: InferenceSession
        var inputs: [String: Value]
        var expected: [String: Any]
    }

    /// Loads one fixture folder (a path relative to `root`).
    static func load(_ name: String) throws -> Case {
        let folder = root.appendingPathComponent(name)
        let session = try InferenceSession(contentsOfFile: folder.appendingPathComponent("model.onnx").path)
        let inputsJSON = try json(folder.appendingPathComponent("inputs.json"))
        var inputs: [String: Value] = [:]
        for (key, spec) in inputsJSON {
            inputs[key] = .tensor(try tensor(from: try #require(spec as? [String: Any])))
        }
        let expected = try json(folder.appendingPathComponent("expected.json")).filter { !$0.key.hasPrefix("_") }
        return Case(session: session, inputs: inputs, expected: expected)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func number(_ any: Any) -> Double {
        if let s = any as? String {
            switch s {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return Double(s) ?? .nan
            }
        }
        if let n = any as? NSNumber { return n.doubleValue }
        return .nan
    }

    /// A tensor from `{"dtype", "shape", "data"}`.
    static func tensor(from spec: [String: Any]) throws -> Tensor {
        let shape = try #require(spec["shape"] as? [Int])
        let data = try #require(spec["data"] as? [Any])
        switch spec["dtype"] as? String {
        case "float32": return Tensor(shape: shape, elements: data.map { Float(number($0)) })
        case "float64": return Tensor(shape: shape, elements: data.map { number($0) })
        case "int64": return Tensor(shape: shape, elements: data.map { Int64(number($0)) })
        case "int32": return Tensor(shape: shape, elements: data.map { Int32(number($0)) })
        case "bool": return Tensor(shape: shape, elements: data.map { ($0 as? Bool) ?? (number($0) != 0) })
        case "string": return Tensor(shape: shape, elements: data.map { "\($0)" })
        case let other: throw RuntimeError.invalidRequest("fixture dtype \(other ?? "nil") is not supported")
        }
    }

    /// Whether `actual` is within 1e-5 relative (floor 1e-6 absolute) of `expected`; NaN matches NaN.
    static func close(_ actual: Double, _ expected: Double, relative: Double = 1e-5) -> Bool {
        if expected.isNaN { return actual.isNaN }
        if expected.isInfinite { return actual == expected }
        return abs(actual - expected) <= relative * abs(expected) + 1e-6
    }

    /// Mismatch descriptions between the session's outputs and the expected ones (empty when they agree).
    static func compare(_ outputs: [String: Value], _ expected: [String: Any], relative: Double = 1e-5) -> [String] {
        var problems: [String] = []
        for (name, specAny) in expected.sorted(by: { $0.key < $1.key }) {
            guard let spec = specAny as? [String: Any], let actual = outputs[name] else {
                problems.append("\(name): missing output")
                continue
            }
            if spec["kind"] as? String == "map_sequence" {
                problems += compareMaps(name, actual, spec, relative: relative)
            } else {
                problems += compareTensor(name, actual, spec, relative: relative)
            }
        }
        return problems
    }

    static func compareTensor(_ name: String, _ actual: Value, _ spec: [String: Any], relative: Double) -> [String] {
        guard let t = actual.tensor, let expected = try? tensor(from: spec) else {
            return ["\(name): expected a tensor, got \(actual.kindDescription)"]
        }
        // A declared shape of [1] with one label per row (onnxmltools' LightGBM label) counts as [N].
        guard t.count == expected.count else { return ["\(name): shape \(t.shape) vs expected \(expected.shape)"] }
        if t.shape != expected.shape && !(t.rank == 1 && expected.rank == 1) {
            if t.shape.filter({ $0 != 1 }) != expected.shape.filter({ $0 != 1 }) {
                return ["\(name): shape \(t.shape) vs expected \(expected.shape)"]
            }
        }
        if let strings = expected.strings {
            guard let got = t.strings, got == strings else { return ["\(name): labels \(t.strings ?? []) vs \(strings)"] }
            return []
        }
        if expected.dataType.isInteger || expected.dataType == .bool {
            let got = (try? t.doubleValues()) ?? []
            let want = (try? expected.doubleValues()) ?? []
            return got == want ? [] : ["\(name): values \(got) vs expected \(want)"]
        }
        guard let got = try? t.doubleValues(), let want = try? expected.doubleValues() else { return ["\(name): not numeric"] }
        for i in 0..<want.count where !close(got[i], want[i], relative: relative) {
            return ["\(name)[\(i)]: \(got[i]) vs expected \(want[i]) (\(t.dataType))"]
        }
        return []
    }

    static func compareMaps(_ name: String, _ actual: Value, _ spec: [String: Any], relative: Double) -> [String] {
        guard case .mapSequence(let maps) = actual else { return ["\(name): expected a map sequence, got \(actual.kindDescription)"] }
        guard let rows = spec["data"] as? [[String: Any]] else { return ["\(name): bad fixture"] }
        guard maps.count == rows.count else { return ["\(name): \(maps.count) maps vs \(rows.count)"] }
        let keys: [String]
        switch maps.keys {
        case .int64(let k): keys = k.map { String($0) }
        case .string(let k): keys = k
        }
        guard spec["key_type"] as? String == maps.keys.keyTypeName else {
            return ["\(name): key type \(maps.keys.keyTypeName) vs \(spec["key_type"] ?? "?")"]
        }
        for (r, row) in rows.enumerated() {
            guard Set(row.keys) == Set(keys) else { return ["\(name)[\(r)]: keys \(keys) vs \(row.keys.sorted())"] }
            for (c, key) in keys.enumerated() where !close(Double(maps.values[r * keys.count + c]), number(row[key]!), relative: relative) {
                return ["\(name)[\(r)][\(key)]: \(maps.values[r * keys.count + c]) vs \(number(row[key]!))"]
            }
        }
        return []
    }
}
