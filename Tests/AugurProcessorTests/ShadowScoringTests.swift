import AugurModels
import AugurProcessor
import AugurRedisClient
import AugurRuntime
import AugurTestSupport
import Foundation
import Testing

@Suite("Shadow scoring in the batch planner")
struct ShadowScoringTests {
    /// `churn` served by logistic regression (v1) with a random forest (v2) as its shadow on every call.
    private func shadowed() async throws -> ServedModels {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        _ = try served.host.repository.publish(
            modelFile: ModelFixtures.modelFile("random_forest_binary"), name: "churn", options: PublishOptions(version: 2))
        try await served.host.startShadow(model: "churn", version: 2, percent: 100)
        return served
    }

    private func label(_ outputs: [String: Value]) -> Value? { outputs["label"] }

    @Test("each request's shadow verdict is exactly whether the two versions' labels agree on its rows")
    func verdictsMatchRunningBothVersions() async throws {
        let served = try await shadowed()
        let planner = BatchPlanner(host: served.host)
        let rows = (0..<60).map { sampleRows(1 + $0 % 3, width: 6, seed: UInt64(100 + $0)) }
        let messages = rows.enumerated().map { index, rows in
            requestEntry(UInt64(index), [("id", "r\(index)"), ("model", "churn"), ("inputs", rowsJSON(rows))])
        }
        let results = planner.process(messages)
        var disagreements = 0
        for (result, rows) in zip(results, rows) {
            let tensor = Value.tensor(Tensor(shape: [rows.count, 6], elements: rows.flatMap { $0 }))
            let stable = try served.host.resolve("churn", version: 1).predict(["X": tensor])
            let shadow = try #require(served.host.shadow(of: "churn", primary: 1)).predict(["X": tensor])
            let agree = label(stable) == label(shadow)
            if !agree { disagreements += 1 }
            #expect(result.version == 1)
            #expect(result.shadow?.version == 2)
            #expect(result.shadow?.agrees == agree)
            #expect(result.shadow?.maxAbsoluteDifference != nil)
        }
        // The two models are different enough that the check above saw both verdicts.
        #expect(disagreements > 0 && disagreements < results.count)
    }

    @Test("without a shadow, results carry no comparison")
    func noShadowNoComparison() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let results = BatchPlanner(host: served.host).process([
            requestEntry(1, [("id", "a"), ("model", "churn"), ("inputs", rowsJSON(sampleRows(2, width: 6, seed: 9)))])
        ])
        #expect(results.first?.shadow == nil && results.first?.version == 1)
    }
}
