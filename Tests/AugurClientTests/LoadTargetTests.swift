import AugurClient
import Testing

/// A prediction client that answers every request at once, counting what it was sent.
private final class AnsweringTarget: LoadTarget {
    actor Log {
        var batches: [Int] = []
        func add(_ count: Int) { batches.append(count) }
    }

    let maxInFlight: Int
    let duplicateCount: Int
    let refuses: Bool
    let log = Log()

    init(maxInFlight: Int = 10_000, duplicateCount: Int = 0, refuses: Bool = false) {
        self.maxInFlight = maxInFlight
        self.duplicateCount = duplicateCount
        self.refuses = refuses
    }

    func send(_ calls: [PredictionCall], onReply handler: @escaping PredictionReplyHandler) async throws(AugurClientError) {
        if refuses { throw .notRunning }
        await log.add(calls.count)
        for index in calls.indices {
            handler(index, .success(PredictionReply(id: "\(index)", model: "m", version: 1, outputs: "[]")))
        }
    }
}

@Suite("LoadGenerator through any LoadTarget")
struct LoadTargetTests {
    private let calls = [PredictionCall(model: "m", inputs: "[1]")]

    @Test("every request of the run goes through the target once and is answered")
    func everyRequestAnswered() async {
        let target = AnsweringTarget()
        let report = await LoadGenerator.run(LoadPlan(calls: calls, duration: nil, requests: 500, maxBatch: 64), client: target)
        #expect(report.sent == 500)
        #expect(report.answered == 500)
        #expect(report.errors == 0)
        #expect(await target.log.batches.reduce(0, +) == 500)
    }

    @Test("no batch is larger than the plan's maxBatch or the target's maxInFlight")
    func batchesBounded() async {
        let wide = AnsweringTarget()
        _ = await LoadGenerator.run(LoadPlan(calls: calls, duration: nil, requests: 300, maxBatch: 50), client: wide)
        #expect(await wide.log.batches.max() == 50)
        let narrow = AnsweringTarget(maxInFlight: 8)
        _ = await LoadGenerator.run(LoadPlan(calls: calls, duration: nil, requests: 300, maxBatch: 50), client: narrow)
        #expect(await narrow.log.batches.max() == 8)
    }

    @Test("the target's duplicate count reaches the report")
    func duplicatesReported() async {
        let report = await LoadGenerator.run(
            LoadPlan(calls: calls, duration: nil, requests: 10),
            client: AnsweringTarget(duplicateCount: 3)
        )
        #expect(report.duplicates == 3)
    }

    @Test("a target that refuses to send ends the run with nothing counted as sent")
    func refusalEndsRun() async {
        let report = await LoadGenerator.run(LoadPlan(calls: calls, duration: nil, requests: 10), client: AnsweringTarget(refuses: true))
        #expect(report.sent == 0)
        #expect(report.answered == 0)
    }
}
