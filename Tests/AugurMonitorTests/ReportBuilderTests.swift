import AugurModels
import AugurRedisClient
import Foundation
import NIOCore
import Testing

@testable import AugurMonitor

@Suite("report builder")
struct ReportBuilderTests {
    let model = SyntheticModel()

    func entry(_ id: UInt64, _ fields: [(String, String)]) -> StreamMessage {
        StreamMessage(
            id: StreamID(milliseconds: id, sequence: 0),
            fields: fields.map { (name: ByteBuffer(string: $0.0), value: ByteBuffer(string: $0.1)) }
        )
    }

    func logEntry(_ i: Int, model name: String, row: [Double], shadow: [(String, String)] = []) -> StreamMessage {
        let inputs = "[{\"name\":\"X\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[\(row.map { "\($0)" }.joined(separator: ","))]}]"
        let outputs = "[{\"name\":\"label\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"\(model.label(model.score(row)))\"]}]"
        return entry(
            UInt64(i + 1),
            [
                ("id", "r\(i)"), ("model", name), ("version", "1"), ("daemon", "d"), ("enqueued_us", "\(i * 1000)"),
                ("read_us", "\(i * 1000)"), ("model_start_us", "\(i * 1000 + 10)"), ("model_end_us", "\(i * 1000 + 60)"),
                ("written_us", "\(i * 1000 + 100)"), ("outcome", "ok"), ("inputs", inputs), ("outputs", outputs),
            ] + shadow
        )
    }

    @Test("records of other models are left out, and records past the last closed window are counted as unjudged")
    func filtersModel() {
        var builder = MonitorReportBuilder(model: "m", configuration: MonitorConfiguration(window: WindowPolicy(records: 100)))
        var rng = SeededGenerator(seed: 1)
        for i in 0..<250 {
            builder.addLogEntry(logEntry(i, model: "m", row: model.row(&rng)))
            builder.addLogEntry(logEntry(i, model: "other", row: model.row(&rng)))
        }
        let report = builder.build(source: "test")
        #expect(report.records == 250)
        #expect(report.windows.count == 2)
        #expect(report.unjudgedRecords == 50)
        #expect(report.columns.map(\.description) == ["X[0]", "X[1]", "X[2]", "X[3]", "label"])
    }

    @Test("shadow fields of log entries are tallied into the window they fall in")
    func shadowFromEntries() throws {
        var builder = MonitorReportBuilder(model: "m", configuration: MonitorConfiguration(window: WindowPolicy(records: 100)))
        var rng = SeededGenerator(seed: 2)
        for i in 0..<200 {
            let shadow =
                i < 100
                ? []
                : [
                    ("shadow_version", "2"), ("shadow_agree", i % 4 == 0 ? "0" : "1"), ("shadow_abs_diff", i == 150 ? "inf" : "0.5"),
                    ("shadow_latency_us", "80"),
                ]
            builder.addLogEntry(logEntry(i, model: "m", row: model.row(&rng), shadow: shadow))
        }
        let report = builder.build(source: "test")
        #expect(report.windows[0].shadow == nil)
        let tally = try #require(report.windows[1].shadow)
        #expect(tally.versions == [2])
        #expect(tally.shadowed == 100)
        #expect(tally.agreementRate == 0.75)
        #expect(tally.differences.count == 99)  // the infinite difference (shapes differed) is left out
        #expect(tally.meanDifference == 0.5)
        #expect(tally.shadowLatencyMillis == 0.08)
        #expect(tally.servedLatencyMillis == 0.05)
    }

    @Test("alerts from the stream are parsed, other models' are skipped, and the replay does not repeat them")
    func streamAlertsMerge() throws {
        let published = model.reference(rows: 5_000, seed: 1)
        var builder = MonitorReportBuilder(
            model: "m",
            configuration: MonitorConfiguration(window: WindowPolicy(records: 500)),
            publishedReference: { _, _ in published }
        )
        var rng = SeededGenerator(seed: 3)
        var replayed: [DriftAlert] = []
        var shadowMonitor = DriftMonitor(
            configuration: MonitorConfiguration(window: WindowPolicy(records: 500)),
            publishedReference: { _, _ in published }
        )
        for i in 0..<2_000 {
            let record = model.record(
                version: 1,
                row: model.row(&rng, shiftFeature: i >= 1_000 ? 1 : nil),
                timeMicros: UInt64(i + 1) * 1_000
            )
            builder.add(record)
            replayed += shadowMonitor.ingest(record).flatMap(\.alerts)
        }
        let first = try #require(replayed.first)
        let firstEntry = entry(1, first.fields.map { ($0.name, $0.value) } + [("issued_ms", "5")])
        let published1 = try #require(DriftAlert(firstEntry))  // values as the stream carries them (4 decimals)
        builder.addAlertEntry(firstEntry)
        var foreign = first
        foreign.model = "other"
        builder.addAlertEntry(entry(2, foreign.fields.map { ($0.name, $0.value) }))
        builder.addAlertEntry(entry(3, [("type", "report")]))
        let report = builder.build(source: "test")
        #expect(report.alerts.filter { $0.alert == published1 }.map(\.source) == [.stream])
        #expect(report.alerts.count == replayed.count)
    }

    @Test("an alert entry round-trips through its stream fields")
    func alertFieldsRoundTrip() throws {
        let alert = DriftAlert(
            model: "m",
            version: 3,
            signal: .predictionDrift,
            reference: .previousVersion,
            referenceVersion: 2,
            statistic: "chi_squared",
            value: 41.5,
            threshold: 13.8,
            window: WindowPosition(index: 4, startMicros: 10, endMicros: 20, records: 500),
            topColumns: ["label", "probabilities[1]"],
            state: .firing
        )
        let parsed = try #require(DriftAlert(entry(1, alert.fields.map { ($0.name, $0.value) })))
        #expect(parsed == alert)
    }

    @Test("the published reference is shown with its own quantiles, a live one with its sample's")
    func referenceSummaries() throws {
        let published = model.reference(rows: 2_000, seed: 9)
        var withPublished = MonitorReportBuilder(
            model: "m",
            configuration: MonitorConfiguration(window: WindowPolicy(records: 100)),
            publishedReference: { _, _ in published }
        )
        var live = MonitorReportBuilder(
            model: "m",
            configuration: MonitorConfiguration(window: WindowPolicy(records: 100), liveReferenceRecords: 100)
        )
        var rng = SeededGenerator(seed: 4)
        for i in 0..<200 {
            let record = model.record(version: 1, row: model.row(&rng), timeMicros: UInt64(i) * 1_000)
            withPublished.add(record)
            live.add(record)
        }
        let fromPublished = try #require(withPublished.build(source: "t").references[1])
        #expect(fromPublished.kind == .published)
        #expect(fromPublished.columns[.feature("X", 0)] == .numeric(published.features[0].summary))
        let fromLive = try #require(live.build(source: "t").references[1])
        #expect(fromLive.kind == .firstLive)
        guard case .numeric(let summary)? = fromLive.columns[.feature("X", 3)] else {
            Issue.record("no numeric reference for X[3]")
            return
        }
        #expect(summary.count == 100)
        #expect(abs((summary.quantileValue(at: 0.5) ?? 0) - 10) < 1.5)
    }
}
