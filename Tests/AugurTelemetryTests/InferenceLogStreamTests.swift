import AugurRESP
import AugurRedisClient
import AugurTestSupport
import Logging
import MetricsTestKit
import NIOCore
import Testing

@testable import AugurTelemetry

@Suite("Inference log stream sink (redis-server)")
struct InferenceLogStreamTests {
    @Test("records become stream entries with every field, and the stream is trimmed to about MAXLEN")
    func streamEntriesAreTrimmed() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        let configuration = InferenceLogConfiguration(mode: .full, stream: "test:log", streamMaxLength: 100, batchSize: 64)
        let log = InferenceLog(
            configuration: configuration,
            sender: connection,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) {
            for chunk in stride(from: 0, to: 1_000, by: 50) {
                log.record((chunk..<chunk + 50).map { sampleRecord($0) })
            }
            // Waits for the drain itself (up to 60 s on a loaded machine), not for the bounded shutdown flush.
            for _ in 0..<600 {
                let newest = try? await connection.send(RESPCommand("XREVRANGE", "test:log", "+", "-", "COUNT", "1"))
                if case .array(let entries)? = newest, case .array(let entry)? = entries.first, entry.count == 2,
                    case .array(let fields) = entry[1], fields.contains(.bulkString(ByteBuffer(string: "r999")))
                {
                    break
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }

        let length = try await connection.xlen("test:log")
        #expect(length >= 100)
        #expect(length < 1_000)
        let last = try #require(try await connection.xrange("test:log").last)
        let fields = Dictionary(last.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) }) { $1 }
        #expect(fields["id"] == "r999")
        #expect(fields["model"] == "iris")
        #expect(fields["version"] == "2")
        #expect(fields["daemon"] == "d1")
        #expect(fields["enqueued_us"] == "1999")
        #expect(fields["read_us"] == "2999")
        #expect(fields["model_start_us"] == "3999")
        #expect(fields["model_end_us"] == "4999")
        #expect(fields["written_us"] == "5999")
        #expect(fields["outcome"] == "ok")
        #expect(fields["inputs"] == "[[1.0, 2.5]]")
        #expect(fields["outputs"]?.hasPrefix("[{\"name\":\"y\"") == true)
    }

    @Test("hash mode stream entries carry sha256 digests; none mode entries carry no payload")
    func streamPayloadModes() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        for mode in [InferencePayloadMode.hash, .none] {
            let log = InferenceLog(
                configuration: InferenceLogConfiguration(mode: mode, stream: "log:\(mode)"),
                sender: connection,
                logger: Logger(label: "test"),
                metricsFactory: TestMetrics()
            )
            await withRunningLog(log) { log.record(sampleRecord(7, inputs: "abc")) }
            let entry = try #require(try await connection.xrange("log:\(mode)").first)
            let fields = Dictionary(entry.fields.map { (String(buffer: $0.name), String(buffer: $0.value)) }) { $1 }
            switch mode {
            case .hash:
                #expect(fields["inputs"] == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                #expect(fields["outputs"]?.hasPrefix("sha256:") == true)
            default:
                #expect(fields["inputs"] == nil)
                #expect(fields["outputs"] == nil)
                #expect(fields["id"] == "r7")
            }
        }
    }

    @Test("absent optional fields are left out of the entry")
    func absentFieldsAreLeftOut() async throws {
        let server = try await RedisServerProcess()
        defer { server.stop() }
        let connection = try await server.connect()
        defer { connection.abort() }
        var record = sampleRecord(1, inputs: nil, outputs: nil, outcome: "unknown_model")
        record.version = nil
        record.modelStartMicros = nil
        record.modelEndMicros = nil
        let log = InferenceLog(
            configuration: InferenceLogConfiguration(stream: "log"),
            sender: connection,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) { log.record(record) }
        let entry = try #require(try await connection.xrange("log").first)
        let names = Set(entry.fields.map { String(buffer: $0.name) })
        #expect(names == ["id", "model", "daemon", "enqueued_us", "read_us", "written_us", "outcome"])
    }
}
