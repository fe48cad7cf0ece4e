import AugurClient
import NIOCore
import Testing

@Suite("LoadGenerator through a daemon on redis-server", .serialized)
struct LoadGeneratorTests {
    private func calls() -> [PredictionCall] {
        (0..<10).map { PredictionCall(model: "churn", inputs: ClientTestHarness.row($0)) }
    }

    @Test("closed loop: every request of the run is sent once and answered")
    func closedLoop() async throws {
        try await ClientTestHarness.run { client, _ in
            let report = await LoadGenerator.run(
                LoadPlan(calls: calls(), duration: nil, requests: 600, concurrency: 64),
                client: client
            )
            #expect(report.sent == 600)
            #expect(report.answered == 600)
            #expect(report.errors == 0)
            #expect(report.p50Milliseconds <= report.p99Milliseconds && report.p99Milliseconds <= report.maxMilliseconds)
            #expect(report.throughput > 0)
        }
    }

    @Test("open loop at a rate: every scheduled request is answered")
    func openLoop() async throws {
        try await ClientTestHarness.run { client, _ in
            let report = await LoadGenerator.run(
                LoadPlan(calls: calls(), rate: 400, duration: nil, requests: 200, concurrency: 200),
                client: client
            )
            #expect(report.sent == 200)
            #expect(report.answered == 200)
            #expect(report.errors == 0)
        }
    }

    @Test("error results count as errors")
    func errorsCounted() async throws {
        try await ClientTestHarness.run { client, _ in
            let report = await LoadGenerator.run(
                LoadPlan(calls: [PredictionCall(model: "absent", inputs: "[1]")], duration: nil, requests: 50, concurrency: 10),
                client: client
            )
            #expect(report.answered == 50)
            #expect(report.errors == 50)
        }
    }

    @Test("the JSON report is one line with the documented keys in order")
    func jsonReport() {
        let report = LoadReport(
            sent: 10,
            answered: 9,
            errors: 1,
            unanswered: 1,
            duplicates: 0,
            seconds: 2,
            throughput: 4.5,
            p50Milliseconds: 1.25,
            p90Milliseconds: 2,
            p99Milliseconds: 3.0004,
            maxMilliseconds: 10
        )
        #expect(
            report.json
                == #"{"sent":10,"answered":9,"errors":1,"duplicates":0,"seconds":2,"throughput":4.5,"p50_ms":1.25,"p90_ms":2,"p99_ms":3,"max_ms":10}"#
        )
    }
}
