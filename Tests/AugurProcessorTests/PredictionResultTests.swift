import AugurProcessor
import AugurRedisClient
import Foundation
import NIOCore
import Testing

@Suite("PredictionResult")
struct PredictionResultTests {
    private func fields(_ result: PredictionResult, now: UInt64) -> [String: String] {
        var map: [String: String] = [:]
        for field in result.streamFields(nowMicroseconds: now) { map[String(buffer: field.name)] = String(buffer: field.value) }
        return map
    }

    @Test("a success carries id, model, version, outputs and latency from the entry's time")
    func successFields() {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1_000, sequence: 7),
            id: "r1",
            model: "iris",
            version: 2,
            outcome: .outputs(Array("[]".utf8)),
            replyTo: "augur:results"
        )
        let map = fields(result, now: 1_000_250)
        #expect(map == ["id": "r1", "model": "iris", "version": "2", "outputs": "[]", "latency_us": "250"])
    }

    @Test("an error is a JSON object with the stable code and an escaped message")
    func errorFieldIsJSON() throws {
        let result = PredictionResult(
            entryID: StreamID(milliseconds: 1, sequence: 0),
            id: "r",
            model: "m",
            version: nil,
            outcome: .failure(RequestError(.badInputShape, "input \"X\"\nis wrong")),
            replyTo: "x"
        )
        let map = fields(result, now: 5_000)
        #expect(map["version"] == nil)
        let object = try #require(JSONSerialization.jsonObject(with: Data(map["error", default: ""].utf8)) as? [String: String])
        #expect(object == ["code": "bad_input_shape", "message": "input \"X\"\nis wrong"])
    }

    @Test("error codes keep their documented spelling")
    func errorCodesAreStable() {
        #expect(
            RequestErrorCode.allCases.map(\.rawValue) == [
                "missing_field", "malformed_json", "unknown_model", "unknown_version", "bad_input_shape", "bad_input_type",
                "nan_input", "deadline_expired", "model_failed", "max_deliveries",
            ]
        )
    }
}
