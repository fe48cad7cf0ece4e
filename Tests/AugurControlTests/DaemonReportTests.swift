import AugurControl
import AugurModels
import Foundation
import Testing

@Suite("Daemon reports: stream fields and state JSON")
struct DaemonReportTests {
    private let state: [String: ModelServingState] = [
        "fraud": ModelServingState(
            version: 2,
            sinceMilliseconds: 1_700_000_000_000,
            canary: CanaryState(version: 3, percent: 10, sinceMilliseconds: 1_700_000_100_000)
        ),
        "churn": ModelServingState(version: 7, sinceMilliseconds: 1_600_000_000_000),
    ]

    @Test("a report with an outcome survives encoding and parsing")
    func roundTripWithOutcome() throws {
        let report = DaemonReport(
            daemon: "host-1",
            outcome: .init(commandID: "c1", succeeded: false, message: "loading failed: no such version"),
            state: state,
            issuedMilliseconds: 42,
            intervalMilliseconds: 10_000
        )
        #expect(try DaemonReport(fields: report.fields) == report)
    }

    @Test("a heartbeat without outcome or state survives encoding and parsing")
    func roundTripHeartbeat() throws {
        let report = DaemonReport(daemon: "host-1", state: [:], issuedMilliseconds: 42)
        #expect(try DaemonReport(fields: report.fields) == report)
        #expect(!report.fields.contains { $0.name == "command_id" })
    }

    @Test("the state JSON has the contract's shape")
    func stateShape() throws {
        let json = DaemonReport.stateJSON(state)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String: Any]])
        #expect(object["churn"]?["version"] as? Int == 7)
        #expect(object["churn"]?["since_ms"] as? Int == 1_600_000_000_000)
        #expect(object["churn"]?["canary"] == nil)
        let canary = try #require(object["fraud"]?["canary"] as? [String: Any])
        #expect(canary["version"] as? Int == 3 && canary["percent"] as? Int == 10)
        #expect(try DaemonReport.state(json: json) == state)
    }

    @Test("a report with broken state or outcome is refused")
    func malformed() {
        let base: [(name: String, value: String)] = [("type", "report"), ("daemon", "d"), ("issued_ms", "1")]
        #expect(throws: ControlEntryError.self) { try DaemonReport(fields: base + [("state", "[1,2]")]) }
        #expect(throws: ControlEntryError.self) { try DaemonReport(fields: base + [("state", #"{"m":{"version":"2"}}"#)]) }
        #expect(throws: ControlEntryError.self) {
            try DaemonReport(fields: base + [("state", "{}"), ("command_id", "c"), ("outcome", "maybe")])
        }
        #expect(throws: ControlEntryError.missingField("state")) { try DaemonReport(fields: base) }
    }
}
