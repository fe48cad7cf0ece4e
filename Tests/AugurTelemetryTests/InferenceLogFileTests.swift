import Crypto
import Foundation
import Logging
import MetricsTestKit
import NIOCore
import Testing

@testable import AugurTelemetry

@Suite("Inference log JSON-lines file")
struct InferenceLogFileTests {
    static let contractKeys: Set<String> = [
        "id", "model", "version", "daemon", "enqueued_us", "read_us", "model_start_us", "model_end_us", "written_us",
        "outcome", "inputs", "outputs",
    ]

    private func writeRecords(
        _ records: [InferenceLogRecord],
        mode: InferencePayloadMode,
        maxBytes: Int = 64 * 1024 * 1024,
        keep: Int = 5,
        in directory: URL
    ) async -> String {
        let path = directory.appendingPathComponent("inference.jsonl").path
        let configuration = InferenceLogConfiguration(
            mode: mode,
            stream: nil,
            filePath: path,
            fileMaxBytes: maxBytes,
            fileKeep: keep,
            batchSize: 16
        )
        let log = InferenceLog(
            configuration: configuration,
            sender: nil,
            logger: Logger(label: "test"),
            metricsFactory: TestMetrics()
        )
        await withRunningLog(log) {
            for chunk in stride(from: 0, to: records.count, by: 7) {
                log.record(Array(records[chunk..<min(chunk + 7, records.count)]))
            }
        }
        return path
    }

    @Test("rotation keeps fileKeep rotated files, each within the size limit, every line a JSON object")
    func rotationKeepsNFiles() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = await writeRecords((0..<300).map { sampleRecord($0) }, mode: .full, maxBytes: 2_000, keep: 3, in: directory)

        let files = [path, "\(path).1", "\(path).2", "\(path).3"]
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
        #expect(!FileManager.default.fileExists(atPath: "\(path).4"))
        var ids: [String] = []
        for file in files.reversed() {
            let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0
            #expect(size <= 2_000)
            for object in try readJSONLines(file) {
                #expect(Set(object.keys) == Self.contractKeys)
                ids.append(object["id"] as? String ?? "")
            }
        }
        // The newest records survive, in order, with none lost between the kept files.
        let numbers = ids.compactMap { Int($0.dropFirst()) }
        #expect(numbers.last == 299)
        #expect(numbers == Array((numbers.first ?? 0)...299))
    }

    @Test("full mode embeds inputs and outputs as JSON values")
    func fullModeEmbedsJSON() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = await writeRecords([sampleRecord(1)], mode: .full, in: directory)

        let object = try #require(try readJSONLines(path).first)
        #expect(Set(object.keys) == Self.contractKeys)
        #expect(object["id"] as? String == "r1")
        #expect(object["version"] as? Int == 2)
        #expect(object["model_start_us"] as? Int == 3_001)
        let inputs = try #require(object["inputs"] as? [[Double]])
        #expect(inputs == [[1.0, 2.5]])
        let outputs = try #require(object["outputs"] as? [[String: Any]])
        #expect(outputs.first?["name"] as? String == "y")
    }

    @Test("full mode keeps malformed inputs as a string, so the line stays JSON")
    func fullModeQuotesMalformedInputs() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = sampleRecord(1, inputs: "[[1.0, \"x\n", outputs: nil, outcome: "bad_inputs")
        let path = await writeRecords([record], mode: .full, in: directory)

        let object = try #require(try readJSONLines(path).first)
        #expect(object["inputs"] as? String == "[[1.0, \"x\n")
        #expect(object["outputs"] is NSNull)
        #expect(object["outcome"] as? String == "bad_inputs")
    }

    @Test("absent version and model times are null")
    func absentFieldsAreNull() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var record = sampleRecord(1, outcome: "unknown_model")
        record.version = nil
        record.modelStartMicros = nil
        record.modelEndMicros = nil
        let path = await writeRecords([record], mode: .full, in: directory)

        let object = try #require(try readJSONLines(path).first)
        #expect(object["version"] is NSNull)
        #expect(object["model_start_us"] is NSNull)
        #expect(object["model_end_us"] is NSNull)
    }

    @Test("hash mode writes sha256 of the exact payload bytes")
    func hashModeDigestsExactBytes() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputs = "[[1.0,  2.5]]"
        let path = await writeRecords([sampleRecord(1, inputs: inputs)], mode: .hash, in: directory)

        let object = try #require(try readJSONLines(path).first)
        let expected = "sha256:" + SHA256.hash(data: Array(inputs.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(object["inputs"] as? String == expected)
        #expect((object["outputs"] as? String)?.hasPrefix("sha256:") == true)
    }

    @Test("none mode leaves inputs and outputs out")
    func noneModeHasNoPayload() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = await writeRecords([sampleRecord(1)], mode: .none, in: directory)

        let object = try #require(try readJSONLines(path).first)
        #expect(Set(object.keys) == Self.contractKeys.subtracting(["inputs", "outputs"]))
    }

    @Test("strings with quotes and control characters are escaped")
    func stringsAreEscaped() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var record = sampleRecord(1)
        record.id = "a\"b\\c\n\u{1}é"
        let path = await writeRecords([record], mode: .none, in: directory)

        let object = try #require(try readJSONLines(path).first)
        #expect(object["id"] as? String == "a\"b\\c\n\u{1}é")
    }
}
