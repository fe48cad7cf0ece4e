import AugurRESP
import Foundation
import NIOCore
import Testing

@testable import AugurTelemetry

@Suite("Inference log records of shadowed requests")
struct InferenceLogShadowTests {
    private func shadowed(agrees: Bool?) -> InferenceLogRecord {
        var record = sampleRecord(1)
        record.shadow = .init(version: 3, agrees: agrees, maxAbsoluteDifference: 0.25, latencyMicros: 42)
        return record
    }

    @Test("a shadowed record's stream entry carries the shadow's version, verdict, difference and latency")
    func streamFields() {
        let record = shadowed(agrees: false)
        let command = record.xaddCommand(stream: "log", maxLength: 10, payloads: RenderedPayloads(record, mode: .full))
        let words = command.arguments.map { String(buffer: $0) }
        var fields: [String: String] = [:]
        for index in stride(from: 6, to: words.count - 1, by: 2) { fields[words[index]] = words[index + 1] }
        #expect(fields["shadow_version"] == "3")
        #expect(fields["shadow_agree"] == "0")
        #expect(fields["shadow_abs_diff"] == "0.25")
        #expect(fields["shadow_latency_us"] == "42")
    }

    @Test("a shadowed record's JSON line carries the shadow keys; an unshadowed one has none")
    func jsonLines() throws {
        for (record, expectShadow) in [(shadowed(agrees: true), true), (sampleRecord(2), false)] {
            var line = ByteBuffer()
            record.writeJSONLine(into: &line, mode: .full, payloads: RenderedPayloads(record, mode: .full))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.readableBytesView)) as? [String: Any])
            #expect((object["shadow_version"] != nil) == expectShadow)
            if expectShadow {
                #expect(object["shadow_agree"] as? Int == 1)
                #expect(object["shadow_abs_diff"] as? Double == 0.25)
                #expect(object["shadow_latency_us"] as? Int == 42)
            }
        }
    }
}
