import AugurRedisClient
import Foundation
import NIOCore
import Testing

@testable import AugurMonitor

@Suite("monitor top: live traffic and its frame")
struct ReportTopFrameTests {
    func entry(arrival: UInt64, model: String, outcome: String = "ok", enqueued: UInt64, start: UInt64, end: UInt64, written: UInt64)
        -> StreamMessage
    {
        let fields = [
            ("model", model), ("version", "2"), ("daemon", "d1"), ("enqueued_us", "\(enqueued)"), ("read_us", "\(enqueued)"),
            ("model_start_us", "\(start)"), ("model_end_us", "\(end)"), ("written_us", "\(written)"), ("outcome", outcome),
        ]
        return StreamMessage(
            id: StreamID(milliseconds: arrival, sequence: 0),
            fields: fields.map { (name: ByteBuffer(string: $0.0), value: ByteBuffer(string: $0.1)) }
        )
    }

    /// 100 records of "fraud" within the last 10 s: batches of 4 sharing call times, end-to-end i ms.
    func traffic(now: UInt64) -> LiveTraffic {
        var traffic = LiveTraffic(horizonMillis: 10_000)
        for i in 0..<100 {
            let base = UInt64(1_000_000_000) + UInt64(i / 4) * 10_000
            traffic.addLogEntry(
                entry(
                    arrival: now - 5_000 + UInt64(i),
                    model: "fraud",
                    outcome: i < 5 ? "model_failed" : "ok",
                    enqueued: base,
                    start: base + 100,
                    end: base + 600,
                    written: base + UInt64(i + 1) * 1_000
                )
            )
        }
        traffic.addLogEntry(entry(arrival: now - 60_000, model: "old", enqueued: 0, start: 0, end: 1, written: 1))
        return traffic
    }

    @Test("rates, errors, latency percentiles and batch sizes are computed over the horizon")
    func snapshotStatistics() throws {
        let now: UInt64 = 1_764_086_400_000
        let rows = traffic(now: now).snapshot(nowMillis: now)
        #expect(rows.map(\.model) == ["fraud"])
        let fraud = try #require(rows.first)
        #expect(fraud.requests == 100)
        #expect(fraud.errors == 5)
        #expect(fraud.requestsPerSecond == 10)
        #expect(fraud.endToEndMillis?.p50 == 50)
        #expect(fraud.endToEndMillis?.p99 == 99)
        #expect(fraud.modelMillis?.p50 == 0.5)
        #expect(fraud.meanBatch == 4)
        #expect(fraud.maxBatch == 4)
        #expect(fraud.versions == [2])
    }

    @Test("entries older than the horizon are forgotten")
    func pruning() {
        let now: UInt64 = 1_764_086_400_000
        var traffic = traffic(now: now)
        traffic.prune(nowMillis: now + 20_000)
        #expect(traffic.snapshot(nowMillis: now + 20_000).isEmpty)
    }

    @Test("a frame names each model, and shows its firing alert in red only when colours are on")
    func frameRendering() {
        let now: UInt64 = 1_764_086_400_000
        var traffic = traffic(now: now)
        traffic.add(
            DriftAlert(
                model: "fraud",
                version: 2,
                signal: .featureDrift,
                reference: .published,
                referenceVersion: 2,
                statistic: "psi",
                value: 0.4,
                threshold: 0.25,
                window: WindowPosition(index: 3, startMicros: 0, endMicros: 0, records: 500),
                topColumns: ["X[1]"],
                state: .firing
            )
        )
        let models = traffic.snapshot(nowMillis: now)
        let plain = TopFrame(
            source: "redis://b augur:log",
            time: Date(timeIntervalSince1970: 0),
            horizonSeconds: 10,
            models: models,
            colour: false
        )
        .render()
        #expect(plain.contains("\nfraud "))
        #expect(plain.contains("fraud: FIRING feature_drift v2 vs published: X[1]"))
        #expect(!plain.contains("\u{1B}["))
        var coloured = TopFrame(source: "s", time: Date(), horizonSeconds: 10, models: models, colour: true)
        #expect(coloured.render().contains("\u{1B}[31;1mFIRING\u{1B}[0m"))
        coloured.models = []
        #expect(coloured.render().contains("no inference log records in the last 10 s"))
    }

    @Test("a resolved event clears the model's drift state")
    func resolvedClears() {
        var traffic = LiveTraffic(horizonMillis: 1_000)
        var alert = DriftAlert(
            model: "m",
            version: 1,
            signal: .predictionDrift,
            reference: .firstLive,
            referenceVersion: 1,
            statistic: "psi",
            value: 0.4,
            threshold: 0.25,
            window: WindowPosition(index: 1, startMicros: 0, endMicros: 0, records: 1),
            topColumns: ["label"],
            state: .firing
        )
        traffic.add(alert)
        #expect(traffic.snapshot(nowMillis: 0).first?.firing.count == 1)
        alert.state = .resolved
        traffic.add(alert)
        #expect(traffic.snapshot(nowMillis: 0).first?.firing.isEmpty == true)
    }
}
