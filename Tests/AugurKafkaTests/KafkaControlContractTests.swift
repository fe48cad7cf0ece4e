import AugurControl
import AugurModels
import NIOCore
import Testing

@testable import AugurKafka

@Suite("Kafka control contract")
struct KafkaControlContractTests {
    /// The record a consumer would read back for `message` at `offset`.
    private func delivered(_ message: KafkaOutgoingMessage, offset: Int64) -> KafkaRecord {
        KafkaRecord(topic: message.topic, partition: 0, offset: offset, key: message.key, value: message.value, headers: message.headers)
    }

    private func text(_ pairs: [(name: String, value: String)]) -> [String] {
        pairs.map { "\($0.name)=\($0.value)" }
    }

    @Test("a command travels as headers with a null value and reads back as the same command")
    func commandRoundTrip() throws {
        let command = ControlCommand.activate("iris", version: 3, canaryPercent: 10)
        let message = KafkaControlContract.message(for: command.fields, topic: "augur.control")
        let entry = KafkaControlContract.entry(from: delivered(message, offset: 7))
        #expect(message.value == nil)
        #expect(message.headers.map(\.name) == command.fields.map(\.name))
        #expect(try ControlEntry(fields: entry.fields) == .command(command))
    }

    @Test("a report's state JSON is the record value and the report reads back whole")
    func reportRoundTrip() throws {
        let report = DaemonReport(
            daemon: "d1",
            outcome: .init(commandID: "c1", succeeded: true, message: "iris version 3 active"),
            state: ["iris": ModelServingState(version: 3, sinceMilliseconds: 1_700_000_000_000)],
            issuedMilliseconds: 1_700_000_000_000,
            intervalMilliseconds: 10_000
        )
        let message = KafkaControlContract.message(for: report.fields, topic: "augur.control")
        let entry = KafkaControlContract.entry(from: delivered(message, offset: 12))
        #expect(message.value.map { String(buffer: $0) } == DaemonReport.stateJSON(report.state))
        #expect(!message.headers.contains { $0.name == "state" })
        #expect(try ControlEntry(fields: entry.fields) == .report(report))
    }

    @Test("an entry's position is the offset it was read at")
    func positionIsOffset() {
        let message = KafkaControlContract.message(for: ControlCommand.promote("iris").fields, topic: "augur.control")
        #expect(KafkaControlContract.entry(from: delivered(message, offset: 41)).position == .offset(41))
    }

    @Test("keys keep every command and outcome but only a daemon's latest heartbeat under compaction")
    func keys() {
        let command = ControlCommand.rollback("iris", to: 2)
        let outcome = DaemonReport(daemon: "d1", outcome: .init(commandID: "c9", succeeded: false, message: "x"), state: [:])
        let heartbeat = DaemonReport(daemon: "d1", state: [:])
        #expect(KafkaControlContract.key(for: command.fields) == "command:\(command.commandID)")
        #expect(KafkaControlContract.key(for: outcome.fields) == "report:d1:c9")
        #expect(KafkaControlContract.key(for: heartbeat.fields) == "heartbeat:d1")
    }

    @Test("reading goes on at the offset after the position, from 0 at the start")
    func nextOffset() throws {
        #expect(try KafkaControlContract.nextOffset(after: .start, topic: "t") == 0)
        #expect(try KafkaControlContract.nextOffset(after: .offset(0), topic: "t") == 1)
        #expect(try KafkaControlContract.nextOffset(after: .offset(99), topic: "t") == 100)
    }

    @Test("a stream entry position is refused by the Kafka channel")
    func foreignPosition() {
        #expect(throws: ControlPositionMismatch.self) {
            try KafkaControlContract.nextOffset(after: .streamEntry(.init(milliseconds: 1, sequence: 0)), topic: "t")
        }
    }

    @Test("a header with a null value reads as an empty field, which the entry check then rejects")
    func nullHeader() {
        let record = KafkaRecord(topic: "t", partition: 0, offset: 3, headers: [KafkaHeader(name: "type", value: nil)])
        let entry = KafkaControlContract.entry(from: record)
        #expect(text(entry.fields) == ["type="])
        #expect(throws: ControlEntryError.missingField("type")) { try ControlEntry(fields: entry.fields) }
    }
}
