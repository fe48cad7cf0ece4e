import AugurRedisClient
import NIOCore
import Testing

@testable import AugurMonitor

@Suite("decoding inference log payloads")
struct PayloadDecodingTests {
    let decoder = InferenceLogDecoder(inputNames: ["iris": "X"])

    func numeric(_ record: MonitoredRecord, _ column: MonitoredColumn) -> [Double]? {
        record.numeric[column]
    }

    @Test("a V2 inputs array gives one column per trailing element, rows along the first dimension")
    func v2InputsArray() {
        let record = decoder.record(
            model: "iris",
            version: 1,
            timeMicros: 0,
            inputs: #"[{"name":"X","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6]}]"#,
            outputs: nil
        )
        #expect(record.numeric[.feature("X", 0)] == [1, 4])
        #expect(record.numeric[.feature("X", 2)] == [3, 6])
        #expect(record.numeric.count == 3)
    }

    @Test("a whole V2 request object with nested data is flattened")
    func v2RequestObject() {
        let record = decoder.record(
            model: "iris",
            version: 1,
            timeMicros: 0,
            inputs: #"{"inputs":[{"name":"f","shape":[2,2],"datatype":"FP64","data":[[1,2],[3,4]]}]}"#,
            outputs: nil
        )
        #expect(record.numeric[.feature("f", 1)] == [2, 4])
    }

    @Test("bare rows are named after the model's input, and null is missing")
    func bareRows() throws {
        let one = decoder.record(model: "iris", version: 1, timeMicros: 0, inputs: "[5.1,null,1.4]", outputs: nil)
        #expect(one.numeric[.feature("X", 0)] == [5.1])
        let missing = try #require(one.numeric[.feature("X", 1)]?.first)
        #expect(missing.isNaN)
        let rows = decoder.record(model: "other", version: 1, timeMicros: 0, inputs: "[[1,2],[3,4]]", outputs: nil)
        #expect(rows.numeric[.feature("input", 1)] == [2, 4])
    }

    @Test("outputs: floating tensors are score columns, integer tensors are labels, ZipMap maps are columns by class")
    func outputs() {
        let outputs = """
            [{"name":"label","shape":[2],"datatype":"INT64","data":[1,0]},
             {"name":"probabilities","shape":[2,2],"datatype":"FP32","data":[0.2,0.8,0.9,0.1]},
             {"name":"zip","shape":[2],"datatype":"MAP_SEQUENCE","data":[{"10":0.3,"2":0.7},{"2":0.6,"10":0.4}]}]
            """
        let record = decoder.record(model: "iris", version: 1, timeMicros: 0, inputs: nil, outputs: outputs)
        #expect(record.labels[.output("label")] == ["1", "0"])
        #expect(record.numeric[.output("probabilities", 1)] == [0.8, 0.1])
        #expect(record.numeric[.output("zip", 0)] == [0.7, 0.6])
        #expect(record.numeric[.output("zip", 1)] == [0.3, 0.4])
    }

    @Test("a stream entry decodes with its version, outcome and time; hashed payloads give no columns")
    func streamEntry() throws {
        func field(_ name: String, _ value: String) -> (name: ByteBuffer, value: ByteBuffer) {
            (ByteBuffer(string: name), ByteBuffer(string: value))
        }
        let full = StreamMessage(
            id: StreamID(milliseconds: 1, sequence: 0),
            fields: [
                field("id", "r1"), field("model", "iris"), field("version", "3"), field("daemon", "d"),
                field("written_us", "1234"), field("outcome", "ok"), field("inputs", "[1,2]"),
                field("outputs", #"[{"name":"label","shape":[1],"datatype":"BYTES","data":["setosa"]}]"#),
            ]
        )
        let record = try #require(decoder.decode(full))
        #expect(record.model == "iris")
        #expect(record.version == 3)
        #expect(record.timeMicros == 1234)
        #expect(record.isScored)
        #expect(record.numeric[.feature("X", 1)] == [2])
        #expect(record.labels[.output("label")] == ["setosa"])
        let hashed = StreamMessage(
            id: StreamID(milliseconds: 2, sequence: 0),
            fields: [
                field("model", "iris"), field("written_us", "5"), field("outcome", "nan_input"),
                field("inputs", "sha256:abcd"),
            ]
        )
        let failed = try #require(decoder.decode(hashed))
        #expect(failed.version == nil)
        #expect(!failed.isScored)
        #expect(failed.numeric.isEmpty)
        #expect(decoder.decode(StreamMessage(id: .zero, fields: [field("type", "command")])) == nil)
    }
}
