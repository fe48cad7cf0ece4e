import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model manifest")
struct ModelManifestTests {
    @Test("a manifest with reference statistics survives a JSON round trip")
    func roundTrip() throws {
        let summary = NumericSummary(of: [1, 2, 3, 4, .nan])
        let manifest = ModelManifest(
            name: "iris", version: 3, created: Date(timeIntervalSince1970: 1_764_000_000), sha256: String(repeating: "a", count: 64),
            sizeBytes: 1234, producer: "skl2onnx 1.17", opsets: ["ai.onnx": 17, "ai.onnx.ml": 3],
            inputs: [TensorSpec(name: "X", datatype: "FP32", shape: [-1, 4])],
            outputs: [TensorSpec(name: "label", datatype: "INT64", shape: [-1])], classLabels: ["a", "b"],
            metadata: ["owner": "ds"],
            reference: ReferenceStatistics(
                rows: 5, computed: Date(timeIntervalSince1970: 1_764_000_000),
                features: [FeatureStatistics(input: "X", index: 0, summary: summary)],
                outputs: [OutputStatistics(output: "label", classShares: ["a": 0.4, "b": 0.6])]))
        let decoded = try ModelManifest.decode(from: try manifest.jsonData())
        #expect(decoded == manifest)
    }

    @Test("the JSON uses the documented snake_case field names")
    func fieldNames() throws {
        let manifest = ModelManifest(
            name: "m", version: 1, created: Date(timeIntervalSince1970: 0), sha256: "00", sizeBytes: 1,
            inputs: [], outputs: [], classLabels: ["x"])
        let object = try #require(try JSONSerialization.jsonObject(with: manifest.jsonData()) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["format", "name", "version", "created", "model_file", "sha256", "size_bytes", "class_labels", "inputs", "outputs", "metadata"]))
        #expect(object["created"] as? String == "1970-01-01T00:00:00Z")
    }

    @Test("a numeric summary has the sample's moments, quantiles and histogram, and counts NaN as missing")
    func numericSummary() {
        let summary = NumericSummary(of: (1...101).map(Double.init) + [.nan])
        #expect(summary.count == 101)
        #expect(summary.missing == 1)
        #expect(summary.mean == 51)
        #expect(abs(summary.std - 29.154759474226502) < 1e-9)
        #expect(summary.min == 1 && summary.max == 101)
        #expect(summary.quantiles.first { $0.q == 0.5 }?.value == 51)
        #expect(summary.quantiles.first { $0.q == 0.25 }?.value == 26)
        #expect(summary.histogram.edges.count == summary.histogram.counts.count + 1)
        #expect(summary.histogram.counts.reduce(0, +) == 101)
    }

    @Test("publishing with a reference sample records feature and prediction statistics")
    func referenceFromSample() throws {
        let temp = try TemporaryRepository()
        let sample = Array("[[1, 2, 3, 4], [3, 4, 5, 6], [5, 6, 7, 8]]".utf8)
        let manifest = try temp.repository.publish(
            modelData: ONNXTestModels.addConstant(10), name: "adder", options: PublishOptions(referenceSample: sample))
        let reference = try #require(manifest.reference)
        #expect(reference.rows == 3)
        #expect(reference.features.count == 4)
        #expect(reference.features[0].summary.mean == 3)
        #expect(reference.features[3].summary.max == 8)
        #expect(reference.outputs.count == 4)
        #expect(reference.outputs[0].summary?.mean == 13)
        #expect(try temp.repository.manifest(name: "adder", version: 1).reference == reference)
    }

    @Test("a reference sample that does not fit the model is refused")
    func badReferenceSample() throws {
        let temp = try TemporaryRepository()
        let sample = Array("[[1, 2, 3]]".utf8)
        #expect(throws: ModelRepositoryError.self) {
            try temp.repository.publish(
                modelData: ONNXTestModels.addConstant(1), name: "adder", options: PublishOptions(referenceSample: sample))
        }
        #expect(temp.entries(of: "adder").isEmpty)
    }

    @Test("a classifier's class labels and label shares come from the model")
    func classifierLabels() throws {
        let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("AugurRuntimeTests/Fixtures/models/random_forest_strings")
        let model = try #require(FileManager.default.contents(atPath: fixtures.path + "/model.onnx"))
        let temp = try TemporaryRepository()
        let sample = Array("[[0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], [-2, 2, -2, 2, -2, 2]]".utf8)
        let manifest = try temp.repository.publish(
            modelData: [UInt8](model), name: "forest", options: PublishOptions(referenceSample: sample))
        #expect(manifest.classLabels == ["ant", "bee", "cat"])
        let shares = try #require(manifest.reference?.outputs.first { $0.output == "label" }?.classShares)
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-9)
        #expect(Set(shares.keys).isSubset(of: ["ant", "bee", "cat"]))
    }
}
