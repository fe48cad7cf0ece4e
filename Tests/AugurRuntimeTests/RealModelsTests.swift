import Foundation
import Testing

@testable import AugurRuntime

/// Real scikit-learn, XGBoost and LightGBM models (scripts/models/make_models.py) give onnxruntime's outputs.
@Suite("Real models")
struct RealModelsTests {
    static let fixtures = ModelFixture.names().filter { $0 != "ops" }

    @Test("fixtures are present")
    func fixturesArePresent() {
        #expect(Self.fixtures.count >= 30)
    }

    @Test("model output matches onnxruntime", arguments: fixtures)
    func matchesOnnxRuntime(_ name: String) throws {
        let fixture = try ModelFixture.load(name)
        let outputs = try fixture.session.run(fixture.inputs)
        let problems = ModelFixture.compare(outputs, fixture.expected)
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "; "))")
    }

    @Test("each row scored alone matches the batch", arguments: ["random_forest", "xgboost_classifier", "lightgbm_regressor", "logreg_multiclass"])
    func singleRowsMatchBatch(_ name: String) throws {
        let fixture = try ModelFixture.load(name)
        let x = try #require(fixture.inputs["X"]?.tensor)
        let batch = try fixture.session.run(fixture.inputs)
        let columns = x.shape[1]
        let values = try #require(x.floats)
        for r in 0..<x.shape[0] {
            let row = Tensor(shape: [1, columns], elements: Array(values[(r * columns)..<((r + 1) * columns)]))
            let single = try fixture.session.run(["X": .tensor(row)])
            for (outputName, value) in single {
                guard let t = value.tensor, let whole = batch[outputName]?.tensor else { continue }
                let per = t.count
                let got = try t.doubleValues()
                let all = try whole.doubleValues()
                #expect(Array(all[(r * per)..<((r + 1) * per)]) == got, "\(name) row \(r) output \(outputName)")
            }
        }
    }

    @Test("concurrent runs of one session give the same outputs", arguments: ["random_forest", "xgboost_classifier_missing", "svc_rbf_proba"])
    func concurrentRunsAgree(_ name: String) throws {
        let fixture = try ModelFixture.load(name)
        let reference = try fixture.session.run(fixture.inputs)
        let results = ConcurrentResults(count: 8)
        let session = fixture.session
        let inputs = fixture.inputs
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results.set(i, (try? session.run(inputs)).map { $0 == reference } ?? false)
        }
        #expect(results.all)
    }
}

/// Collects one flag per concurrent task.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var flags: [Bool]

    init(count: Int) { flags = [Bool](repeating: false, count: count) }

    func set(_ i: Int, _ value: Bool) {
        lock.lock()
        flags[i] = value
        lock.unlock()
    }

    var all: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flags.allSatisfy { $0 }
    }
}
