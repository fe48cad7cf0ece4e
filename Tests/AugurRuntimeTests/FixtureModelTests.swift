import AugurRuntime
import Foundation
import Testing

/// Checks the decoder and executor against `Fixtures/core_ops.onnx`, written by onnx's own Python
/// helpers (`Fixtures/make_core_ops_model.py`).
@Suite("Model written by the onnx package")
struct FixtureModelTests {
    private func loadFixture() throws -> InferenceSession {
        let url = try #require(Bundle.module.url(forResource: "core_ops", withExtension: "onnx", subdirectory: "Fixtures"))
        return try InferenceSession(contentsOfFile: url.path)
    }

    @Test("metadata, opsets and declared inputs decode as onnx wrote them")
    func metadata() throws {
        let session = try loadFixture()
        #expect(session.model.producerName == "augur-fixture")
        #expect(session.model.metadata == ["purpose": "decoder test"])
        #expect(session.model.opsetImports == ["": 17])
        #expect(session.inputs == [ValueInfo(name: "X", type: .tensor(elementType: .float, shape: [.symbolic("N"), .fixed(3)]))])
    }

    @Test("the model runs: cast, shape, string constant and initializer outputs")
    func runs() throws {
        let session = try loadFixture()
        let out = try session.run(["X": .tensor(Tensor(shape: [2, 3], elements: [Float(1.7), -2.2, 3, 4, 5, 6]))])
        #expect(out["Y"] == .tensor(Tensor(shape: [2, 3], elements: [Int64(1), -2, 3, 4, 5, 6])))
        #expect(out["S"] == .tensor(Tensor(shape: [2], elements: [Int64(2), 3])))
        #expect(out["K"] == .tensor(Tensor(shape: [2], elements: ["a", "b"])))
        #expect(out["W"] == .tensor(Tensor(shape: [3], elements: [Float(1.5), -2, 0.25])))
    }
}
