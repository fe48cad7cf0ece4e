import Foundation
import Testing

@testable import AugurRuntime

/// Single-operator ai.onnx.ml models (scripts/models/make_op_cases.py) give onnxruntime's outputs,
/// covering the rules ONNX leaves to the runtime (binary classifiers, base values, transforms, modes, NaN).
@Suite("ML operators against onnxruntime")
struct MLOpsOnnxRuntimeCasesTests {
    static let cases = ModelFixture.names(in: "ops")

    @Test("cases are present")
    func casesArePresent() {
        #expect(Self.cases.count >= 80)
    }

    @Test("operator output matches onnxruntime", arguments: cases)
    func matchesOnnxRuntime(_ name: String) throws {
        let fixture = try ModelFixture.load("ops/\(name)")
        let outputs = try fixture.session.run(fixture.inputs)
        let problems = ModelFixture.compare(outputs, fixture.expected)
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
    }
}
