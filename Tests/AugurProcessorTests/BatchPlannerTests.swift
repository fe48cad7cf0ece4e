import AugurModels
import AugurProcessor
import AugurRedisClient
import AugurRuntime
import Foundation
import Testing

@Suite("BatchPlanner")
struct BatchPlannerTests {
    private func request(_ ms: UInt64, id: String, model: String, rows: [[Float]], extra: [(String, String)] = []) -> StreamMessage {
        requestEntry(ms, [("id", id), ("model", model), ("inputs", rowsJSON(rows))] + extra)
    }

    private func parse(_ planner: BatchPlanner, _ messages: [StreamMessage]) -> [Result<PredictionRequest, RequestRejection>] {
        messages.map { message in
            Result { () throws(RequestRejection) in try PredictionRequest(message: message, defaultReplyTo: "augur:results") }
        }
    }

    /// The request's outputs computed alone, straight through the model.
    private func alone(_ host: ModelHost, model: String, rows: [[Float]]) throws -> [String: Value] {
        let tensor = Tensor(shape: [rows.count, rows.first?.count ?? 0], elements: rows.flatMap { $0 })
        return try host.predict(model: model, inputs: ["X": .tensor(tensor)]).outputs
    }

    @Test("requests for the same model version share one model call")
    func sameModelRequestsMerge() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host)
        let messages = (0..<3).map {
            request(UInt64($0), id: "r\($0)", model: "churn", rows: sampleRows($0 + 1, width: 6, seed: UInt64($0)))
        }
        let plan = planner.plan(parse(planner, messages))
        #expect(plan.calls.count == 1)
        #expect(plan.calls.first?.requests.map(\.rows) == [1, 2, 3])
    }

    @Test("splitting gives each request exactly its own rows", arguments: 0..<8)
    func splitMatchesRunningAlone(seed: Int) async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host)
        var generator = SeededGenerator(seed: UInt64(seed))
        let rowSets = (0..<Int.random(in: 2...10, using: &generator)).map { index in
            sampleRows(Int.random(in: 1...7, using: &generator), width: 6, seed: UInt64(seed * 100 + index))
        }
        let messages = rowSets.enumerated().map { request(UInt64($0.offset), id: "r\($0.offset)", model: "churn", rows: $0.element) }
        let results = planner.process(messages)
        #expect(results.map(\.id) == rowSets.indices.map { "r\($0)" })
        for (result, rows) in zip(results, rowSets) {
            let outputs = try parsedOutputs(result)
            let expected = try alone(served.host, model: "churn", rows: rows)
            #expect(outputs["label"]?["shape"] as? [Int] == [rows.count])
            #expect((outputs["label"]?["data"] as? [Int]).map { $0.map(Int64.init) } == expected["label"]?.tensor?.int64s)
            let probabilities = try #require(outputs["probabilities"]?["data"] as? [Double])
            let expectedProbabilities = try #require(expected["probabilities"]?.tensor?.floats)
            #expect(probabilities.count == expectedProbabilities.count)
            for (got, want) in zip(probabilities, expectedProbabilities) { #expect(abs(got - Double(want)) < 1e-5) }
        }
    }

    @Test("ZipMap map sequences are split per request")
    func zipMapSplits() async throws {
        let served = try await ServedModels([("logreg_multiclass_zipmap", "species", 1)])
        let planner = BatchPlanner(host: served.host)
        let rowSets = [sampleRows(2, width: 6, seed: 1), sampleRows(3, width: 6, seed: 2)]
        let results = planner.process(rowSets.enumerated().map { request(1, id: "r\($0.offset)", model: "species", rows: $0.element) })
        for (result, rows) in zip(results, rowSets) {
            let outputs = try parsedOutputs(result)
            let maps = try #require(outputs["output_probability"]?["data"] as? [[String: Double]])
            let expected = try alone(served.host, model: "species", rows: rows)
            guard case .mapSequence(let expectedMaps)? = expected["output_probability"] else {
                Issue.record("the model's probabilities are not a map sequence")
                return
            }
            #expect(maps.count == rows.count)
            for (row, map) in maps.enumerated() {
                for (column, want) in expectedMaps.row(row).enumerated() { #expect(abs((map["\(column)"] ?? -1) - Double(want)) < 1e-5) }
            }
        }
    }

    @Test("mixed models and versions each run on their own version")
    func mixedModelsAndVersions() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1), ("linear_regression", "price", 4)])
        let planner = BatchPlanner(host: served.host)
        let results = planner.process([
            request(1, id: "a", model: "churn", rows: sampleRows(2, width: 6, seed: 1)),
            request(2, id: "b", model: "price", rows: sampleRows(1, width: 5, seed: 2), extra: [("version", "4")]),
            request(3, id: "c", model: "churn", rows: sampleRows(1, width: 6, seed: 3), extra: [("version", "1")]),
            request(4, id: "d", model: "price", rows: sampleRows(1, width: 5, seed: 4), extra: [("version", "3")]),
            request(5, id: "e", model: "nosuch", rows: sampleRows(1, width: 5, seed: 5)),
        ])
        #expect(results.map(\.id) == ["a", "b", "c", "d", "e"])
        #expect(results.map(\.version) == [1, 4, 1, nil, nil])
        #expect(results.map(\.error?.code) == [nil, nil, nil, .unknownVersion, .unknownModel])
        #expect(try parsedOutputs(results[1])["variable"]?["shape"] as? [Int] == [1, 1])
    }

    @Test("one bad request among good ones fails alone and the good ones still share a call")
    func badRequestDoesNotPoisonBatch() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host)
        let messages = [
            request(1, id: "good1", model: "churn", rows: sampleRows(2, width: 6, seed: 1)),
            requestEntry(2, [("id", "broken"), ("model", "churn"), ("inputs", "[[1,2,")]),
            request(3, id: "narrow", model: "churn", rows: sampleRows(1, width: 4, seed: 3)),
            requestEntry(4, [("id", "typed"), ("model", "churn"), ("inputs", "[[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]]")]),
            requestEntry(5, [("model", "churn"), ("inputs", "[1]")]),
            request(6, id: "good2", model: "churn", rows: sampleRows(3, width: 6, seed: 6)),
        ]
        let plan = planner.plan(parse(planner, messages))
        #expect(plan.calls.count == 1)
        #expect(plan.calls.first?.requests.map(\.request.id) == ["good1", "good2"])
        let results = planner.execute(plan)
        #expect(results.map(\.id) == ["good1", "broken", "narrow", "typed", "5-0", "good2"])
        #expect(results.map(\.error?.code) == [nil, .malformedJSON, .badInputShape, .badInputType, .missingField, nil])
        #expect(try parsedOutputs(results[5])["label"]?["shape"] as? [Int] == [3])
    }

    @Test("the V2 inputs array form is accepted")
    func v2InputsArrayAccepted() async throws {
        let served = try await ServedModels([("linear_regression", "price", 1)])
        let planner = BatchPlanner(host: served.host)
        let inputs = #"[{"name": "X", "shape": [2, 5], "datatype": "FP32", "data": [1,2,3,4,5,6,7,8,9,10]}]"#
        let results = planner.process([requestEntry(1, [("id", "v2"), ("model", "price"), ("inputs", inputs)])])
        #expect(try parsedOutputs(results[0])["variable"]?["shape"] as? [Int] == [2, 1])
    }

    @Test("a whole V2 request object may pick the outputs it wants")
    func v2ObjectSelectsOutputs() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host)
        let inputs =
            #"{"inputs": [{"name": "X", "shape": [6], "datatype": "FP32", "data": [1,2,3,4,5,6]}], "outputs": [{"name": "label"}]}"#
        let single =
            #"{"inputs": [{"name": "X", "shape": [1, 6], "datatype": "FP32", "data": [1,2,3,4,5,6]}], "outputs": [{"name": "label"}]}"#
        let results = planner.process([
            requestEntry(1, [("id", "rank1"), ("model", "churn"), ("inputs", inputs)]),
            requestEntry(2, [("id", "picked"), ("model", "churn"), ("inputs", single)]),
            requestEntry(3, [("id", "bare"), ("model", "churn"), ("inputs", "[1,2,3,4,5,6]")]),
        ])
        #expect(results.map(\.error?.code) == [.badInputShape, nil, nil])
        #expect(try parsedOutputs(results[1]).keys.sorted() == ["label"])
        #expect(try parsedOutputs(results[2]).keys.sorted() == ["label", "probabilities"])
    }

    @Test("when a merged call fails its requests run alone, so only the one the model rejects fails")
    func failedMergedCallFallsBackToSingleRuns() async throws {
        let served = try await ServedModels([])
        try await served.publish(modelData: ReshapeModel.bytes(), name: "reshape", version: 1)
        let planner = BatchPlanner(host: served.host)
        let messages = [
            request(1, id: "one", model: "reshape", rows: [[1, 2]]),
            request(2, id: "two-rows", model: "reshape", rows: [[3, 4], [5, 6]]),
            request(3, id: "another", model: "reshape", rows: [[7, 8]]),
        ]
        let plan = planner.plan(parse(planner, messages))
        #expect(plan.calls.count == 1)
        let results = planner.execute(plan)
        #expect(results.map(\.error?.code) == [nil, .modelFailed, nil])
        #expect(try parsedOutputs(results[2])["Y"]?["data"] as? [Double] == [7, 8])
    }

    @Test("a missing value is rejected with nan_input by default")
    func nanRejectedByDefault() async throws {
        let served = try await ServedModels([("lightgbm_classifier_missing", "fraud", 1)])
        let planner = BatchPlanner(host: served.host)
        let results = planner.process([
            requestEntry(1, [("id", "n"), ("model", "fraud"), ("inputs", "[[1, null, 3, 4, 5, 6]]")]),
            request(2, id: "ok", model: "fraud", rows: sampleRows(1, width: 6, seed: 2)),
        ])
        #expect(results.map(\.error?.code) == [.nanInput, nil])
    }

    @Test("with allowNaN a missing value reaches the model as NaN")
    func nanAllowedWhenConfigured() async throws {
        let served = try await ServedModels([("lightgbm_classifier_missing", "fraud", 1)])
        let planner = BatchPlanner(host: served.host, configuration: ProcessorConfiguration(allowNaN: true))
        let results = planner.process([requestEntry(1, [("id", "n"), ("model", "fraud"), ("inputs", "[[1, null, 3, 4, 5, 6]]")])])
        let outputs = try parsedOutputs(results[0])
        let expected = try served.host.predict(
            model: "fraud",
            inputs: ["X": .tensor(Tensor(shape: [1, 6], elements: [Float(1), .nan, 3, 4, 5, 6]))]
        ).outputs
        #expect((outputs["label"]?["data"] as? [Int]).map { $0.map(Int64.init) } == expected["label"]?.tensor?.int64s)
    }

    @Test("a request past its deadline fails with deadline_expired without running")
    func deadlineExpiry() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host, nowMilliseconds: { 10_000 })
        let results = planner.process([
            request(1, id: "late", model: "churn", rows: sampleRows(1, width: 6, seed: 1), extra: [("deadline_ms", "9999")]),
            request(2, id: "timely", model: "churn", rows: sampleRows(1, width: 6, seed: 2), extra: [("deadline_ms", "10000")]),
        ])
        #expect(results.map(\.error?.code) == [.deadlineExpired, nil])
    }

    @Test("results go to the request's reply_to, else the configured result stream")
    func replyStreams() async throws {
        let served = try await ServedModels([("logreg_binary", "churn", 1)])
        let planner = BatchPlanner(host: served.host, configuration: ProcessorConfiguration(resultStream: "out"))
        let results = planner.process([
            request(1, id: "a", model: "churn", rows: sampleRows(1, width: 6, seed: 1), extra: [("reply_to", "mine")]),
            request(2, id: "b", model: "churn", rows: sampleRows(1, width: 6, seed: 2)),
        ])
        #expect(results.map(\.replyTo) == ["mine", "out"])
    }
}
