import AugurProcessor
import AugurRedisClient
import NIOCore
import Testing

@Suite("PredictionRequest")
struct PredictionRequestTests {
    @Test("reads every contract field from the entry")
    func readsAllFields() throws {
        let entry = requestEntry(
            1_700_000_000_123,
            [
                ("id", "r1"), ("model", "iris"), ("version", "3"), ("inputs", "[1,2]"), ("reply_to", "mine"),
                ("deadline_ms", "1700000000999"),
            ]
        )
        let request = try PredictionRequest(message: entry, defaultReplyTo: "augur:results")
        #expect(request.id == "r1")
        #expect(request.model == "iris")
        #expect(request.version == 3)
        #expect(String(buffer: request.inputs) == "[1,2]")
        #expect(request.replyTo == "mine")
        #expect(request.deadlineMilliseconds == 1_700_000_000_999)
        #expect(request.enqueuedMilliseconds == 1_700_000_000_123)
    }

    @Test("optional fields default: active version, default reply stream, no deadline")
    func optionalFieldsDefault() throws {
        let request = try PredictionRequest(
            message: requestEntry(5, [("id", "r"), ("model", "m"), ("inputs", "[1]")]),
            defaultReplyTo: "augur:results"
        )
        #expect(request.version == nil)
        #expect(request.replyTo == "augur:results")
        #expect(request.deadlineMilliseconds == nil)
    }

    @Test("a repeated field counts once, as first given, and unknown fields are ignored")
    func firstOfRepeatedFieldsCounts() throws {
        let entry = requestEntry(
            5,
            [
                ("trace", "t-9"), ("id", "first"), ("model", "m"), ("id", "second"), ("inputs", "[1]"),
                ("inputs", "[2]"), ("ID", "upper"),
            ]
        )
        let request = try PredictionRequest(message: entry, defaultReplyTo: "augur:results")
        #expect(request.id == "first")
        #expect(String(buffer: request.inputs) == "[1]")
    }

    @Test("a missing model is rejected with missing_field and keeps the reply stream")
    func missingModelRejected() {
        let entry = requestEntry(5, [("id", "r"), ("inputs", "[1]"), ("reply_to", "mine")])
        #expect {
            _ = try PredictionRequest(message: entry, defaultReplyTo: "augur:results")
        } throws: { error in
            guard let rejection = error as? RequestRejection else { return false }
            return rejection.error.code == .missingField && rejection.replyTo == "mine" && rejection.id == "r"
        }
    }

    @Test("a request without id is answered under its entry id")
    func missingIDUsesEntryID() {
        let entry = requestEntry(42, [("model", "m"), ("inputs", "[1]")])
        #expect {
            _ = try PredictionRequest(message: entry, defaultReplyTo: "augur:results")
        } throws: { error in
            guard let rejection = error as? RequestRejection else { return false }
            return rejection.error.code == .missingField && rejection.id == "42-0" && rejection.model == "m"
        }
    }

    @Test("missing inputs are rejected with missing_field")
    func missingInputsRejected() {
        #expect {
            _ = try PredictionRequest(message: requestEntry(1, [("id", "r"), ("model", "m")]), defaultReplyTo: "x")
        } throws: { error in
            (error as? RequestRejection)?.error.code == .missingField
        }
    }

    @Test("a version that is not a decimal integer is malformed")
    func nonDecimalVersionMalformed() {
        let entry = requestEntry(1, [("id", "r"), ("model", "m"), ("inputs", "[1]"), ("version", "v2")])
        #expect {
            _ = try PredictionRequest(message: entry, defaultReplyTo: "x")
        } throws: { error in
            (error as? RequestRejection)?.error.code == .malformedJSON
        }
    }
}
