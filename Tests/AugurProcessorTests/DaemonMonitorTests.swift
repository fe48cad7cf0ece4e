import AugurModels
import AugurMonitor
import AugurProcessor
import AugurRedisClient
import AugurTestSupport
import Foundation
import Logging
import NIOCore
import Testing

@Suite("Drift monitoring inside the daemon", .serialized)
struct DaemonMonitorTests {
    /// A delivered batch of `count` one-row requests of four features, the third shifted by `shift`.
    private func batch(_ count: Int, shift: Double, generator: inout SplitMix64, first: Int) -> DeliveredBatch {
        let results = (0..<count).map { index -> PredictionResult in
            let row = (0..<4).map { feature -> Double in
                let u1 = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-300)
                let u2 = Double(generator.next() >> 11) / Double(1 << 53)
                let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                return normal + (feature == 2 ? shift : 0)
            }
            let inputs = "[" + row.map { String(format: "%.4f", $0) }.joined(separator: ",") + "]"
            let outputs = #"[{"name":"variable","shape":[1,1],"datatype":"FP32","data":[0.5]}]"#
            return PredictionResult(
                entryID: StreamID(milliseconds: UInt64(first + index), sequence: 0), id: "r\(first + index)", model: "m",
                version: 1, outcome: .outputs(Array(outputs.utf8)), replyTo: "r", inputs: ByteBuffer(string: inputs))
        }
        return DeliveredBatch(results: results, readMicros: 1, writtenMicros: UInt64(first) * 1000)
    }

    @Test("a one-SD shift in one feature of the daemon's own requests publishes a feature-drift alert naming it")
    func shiftRaisesAlert() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let monitor = DaemonMonitor(
            configuration: .init(
                monitor: MonitorConfiguration(window: WindowPolicy(records: 500), liveReferenceRecords: 1000), samplePercent: 100),
            decoder: InferenceLogDecoder(inputNames: ["m": "X"]),
            logger: logger)
        let running = Task { await monitor.run(writer: connection) }
        var generator = SplitMix64(seed: 7)
        var sent = 0
        for shift in [0.0, 0.0, 0.0, 0.0, 1.0, 1.0] {
            monitor.observe(batch(500, shift: shift, generator: &generator, first: sent))
            sent += 500
        }
        var alerts: [[String: String]] = []
        for _ in 0..<200 where alerts.isEmpty {
            try await Task.sleep(for: .milliseconds(25))
            alerts = try await connection.xrange("augur:alerts").map { message in
                Dictionary(message.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) }) { $1 }
            }
        }
        monitor.finish()
        await running.value
        #expect(monitor.droppedCount == 0)
        let alert = try #require(alerts.first)
        #expect(alert["signal"] == "feature_drift")
        #expect(alert["state"] == "firing")
        #expect(alert["top_features"] == "X[2]", "\(alerts)")
        // The first shifted window: windows 0 and 1 are the live reference, 2 and 3 unshifted.
        #expect(alert["window"] == "4")
        connection.abort()
    }

    @Test("with a 10% sample, every tenth request is judged")
    func sampleShare() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // A buffer of 30 with nothing draining it: of 1,000 requests, 100 are sampled, 30 kept, 70 dropped.
        let monitor = DaemonMonitor(configuration: .init(bufferCapacity: 30, samplePercent: 10), logger: logger)
        var generator = SplitMix64(seed: 3)
        monitor.observe(batch(1_000, shift: 0, generator: &generator, first: 0))
        #expect(monitor.droppedCount == 70)
    }
}
