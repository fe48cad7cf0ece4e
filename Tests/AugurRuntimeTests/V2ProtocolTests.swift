import AugurRuntime
import Foundation
import Testing

@Suite("Open Inference Protocol V2 JSON")
struct V2ProtocolTests {
    private let single = [ValueInfo(name: "X", type: .tensor(elementType: .float, shape: [.symbolic("N"), .fixed(3)]))]

    private func request(_ json: String, inputs: [ValueInfo]? = nil) throws -> V2InferenceRequest {
        try V2InferenceRequest(json: Array(json.utf8), modelInputs: inputs ?? single)
    }

    @Test("a V2 request with flat data decodes to typed tensors")
    func flatData() throws {
        let r = try request(#"{"id":"r1","inputs":[{"name":"X","shape":[2,3],"datatype":"FP32","data":[1,2,3,4,5,6.5]}]}"#)
        #expect(r.id == "r1")
        #expect(r.inputs["X"] == .tensor(Tensor(shape: [2, 3], elements: [Float(1), 2, 3, 4, 5, 6.5])))
        #expect(r.requestedOutputs == nil)
    }

    @Test("nested data is flattened row-major")
    func nestedData() throws {
        let r = try request(#"{"inputs":[{"name":"X","shape":[2,2],"datatype":"INT64","data":[[1,-2],[3,4]]}]}"#)
        #expect(r.inputs["X"] == .tensor(Tensor(shape: [2, 2], elements: [Int64(1), -2, 3, 4])))
    }

    @Test("INT64 values beyond 2^53 keep every digit")
    func exactInt64() throws {
        let r = try request(#"{"inputs":[{"name":"X","shape":[2],"datatype":"INT64","data":[9007199254740993,-9223372036854775808]}]}"#)
        #expect(r.inputs["X"] == .tensor(Tensor(shape: [2], elements: [Int64(9_007_199_254_740_993), .min])))
    }

    @Test("BYTES, BOOL and FP64 inputs decode, with string escapes")
    func otherDatatypes() throws {
        let r = try request(
            #"""
            {"inputs":[{"name":"s","shape":[2],"datatype":"BYTES","data":["a\"b","\u00e9\n"]},
            {"name":"b","shape":[1,2],"datatype":"BOOL","data":[true,false]},
            {"name":"d","shape":[],"datatype":"FP64","data":2.5}],"outputs":[{"name":"label"}]}
            """#
        )
        #expect(r.inputs["s"] == .tensor(Tensor(shape: [2], elements: ["a\"b", "é\n"])))
        #expect(r.inputs["b"] == .tensor(Tensor(shape: [1, 2], elements: [true, false])))
        #expect(r.inputs["d"] == .tensor(Tensor(scalar: 2.5)))
        #expect(r.requestedOutputs == ["label"])
    }

    @Test("FP64 data round-trips every double exactly, long and extreme ones included")
    func fp64Exact() throws {
        var rng = SplitMix(seed: 7)
        var values: [Double] = [
            0.30000000000000004, 2.3697290420532227, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0, .leastNormalMagnitude / 3,
            123456789012345678.0,
        ]
        while values.count < 2000 {
            let d = Double(bitPattern: rng.next())
            if d.isFinite { values.append(d) }
        }
        let text = values.map(\.description).joined(separator: ",")
        let r = try request(#"{"inputs":[{"name":"X","shape":[\#(values.count)],"datatype":"FP64","data":[\#(text)]}]}"#)
        let decoded = try #require(r.inputs["X"]?.tensor?.doubles)
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("FP32 data written from float32 values decodes to the same floats")
    func fp32FromFloat32Text() throws {
        var rng = SplitMix(seed: 11)
        var values: [Float] = []
        while values.count < 2000 {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            if f.isFinite { values.append(f) }
        }
        // Python writes float32 features as the repr of their double widening, e.g. 2.3697290420532227.
        let text = values.map { Double($0).description }.joined(separator: ",")
        let r = try request(#"{"inputs":[{"name":"X","shape":[\#(values.count)],"datatype":"FP32","data":[\#(text)]}]}"#)
        let decoded = try #require(r.inputs["X"]?.tensor?.floats)
        #expect(decoded.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("a bare row is one batch row of the model's single input")
    func bareRow() throws {
        let r = try request("[5.1, 3.5, 1.4]")
        #expect(r.inputs["X"] == .tensor(Tensor(shape: [1, 3], elements: [Float(5.1), 3.5, 1.4])))
    }

    @Test("bare rows form a batch of the model's single input")
    func bareRows() throws {
        let r = try request("[[1,2,3],[4,5,6]]")
        #expect(r.inputs["X"] == .tensor(Tensor(shape: [2, 3], elements: [Float(1), 2, 3, 4, 5, 6])))
    }

    @Test("bare rows are refused for a model with several inputs")
    func bareRowsNeedSingleInput() {
        let two = single + [ValueInfo(name: "Y", type: .tensor(elementType: .float, shape: nil))]
        #expect(throws: RuntimeError.self) { try request("[1,2,3]", inputs: two) }
    }

    @Test("a data count that does not fill the shape is refused naming the input")
    func countMismatch() {
        #expect { try request(#"{"inputs":[{"name":"X","shape":[2,3],"datatype":"FP32","data":[1,2]}]}"#) } throws: { error in
            "\(error)".contains("'X'") && "\(error)".contains("[2, 3]")
        }
    }

    @Test("a shape whose element count overflows is refused")
    func overflowingShape() {
        #expect(throws: RuntimeError.self) {
            try request(#"{"inputs":[{"name":"X","shape":[4611686018427387904,4],"datatype":"FP32","data":[]}]}"#)
        }
    }

    @Test("a fractional number in INT64 data is refused")
    func fractionInInteger() {
        #expect(throws: RuntimeError.self) {
            try request(#"{"inputs":[{"name":"X","shape":[1],"datatype":"INT64","data":[1.5]}]}"#)
        }
    }

    @Test("an unknown datatype is refused naming it")
    func unknownDatatype() {
        #expect { try request(#"{"inputs":[{"name":"X","shape":[1],"datatype":"FP8","data":[1]}]}"#) } throws: { error in
            "\(error)".contains("FP8")
        }
    }

    @Test("ragged nested data is refused")
    func raggedData() {
        #expect(throws: RuntimeError.self) {
            try request(#"{"inputs":[{"name":"X","shape":[2,2],"datatype":"FP32","data":[[1,2],[3]]}]}"#)
        }
    }

    @Test("malformed JSON reports the byte offset")
    func malformedJSON() {
        #expect { try request(#"{"inputs": [1,}"#) } throws: { error in "\(error)".contains("at byte") }
    }

    @Test("a tensor output encodes as name, shape, datatype and flat data")
    func encodeTensorOutput() throws {
        let body = V2ResponseEncoder.encode(
            modelName: "iris",
            modelVersion: "1",
            id: "r1",
            outputs: [
                ("label", .tensor(Tensor(shape: [2], elements: [Int64(0), 2]))),
                ("p", .tensor(Tensor(shape: [1, 2], elements: [Float(0.25), .nan]))),
            ]
        )
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"model_name":"iris","model_version":"1","id":"r1","outputs":[{"name":"label","shape":[2],"datatype":"INT64","data":[0,2]},{"name":"p","shape":[1,2],"datatype":"FP32","data":[0.25,null]}]}"#
        )
    }

    @Test("a ZipMap sequence of maps encodes as MAP_SEQUENCE with one object per row")
    func encodeMapSequence() throws {
        let maps = try MapSequence(keys: .int64([0, 1]), values: [0.75, 0.25, 0.5, 0.5])
        let body = V2ResponseEncoder.encodeOutput(name: "probabilities", value: .mapSequence(maps))
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"name":"probabilities","shape":[2],"datatype":"MAP_SEQUENCE","parameters":{"key_datatype":"INT64","value_datatype":"FP32"},"data":[{"0":0.75,"1":0.25},{"0":0.5,"1":0.5}]}"#
        )
    }

    @Test("encoded output parses back as valid JSON with the same strings")
    func encodedOutputIsValidJSON() throws {
        let body = V2ResponseEncoder.encode(
            modelName: "m\"x",
            outputs: [("s", .tensor(Tensor(shape: [2], elements: ["tab\there", "ü"])))]
        )
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["model_name"] as? String == "m\"x")
        let outputs = try #require(object["outputs"] as? [[String: Any]])
        #expect(outputs.first?["data"] as? [String] == ["tab\there", "ü"])
    }

    @Test("model metadata reports V2 datatypes with -1 for symbolic dimensions and ZipMap as MAP_SEQUENCE")
    func metadata() {
        let zipmap = ValueType.sequence(.map(key: .int64, value: .tensor(elementType: .float, shape: nil)))
        let body = V2MetadataEncoder.encode(
            name: "iris",
            versions: ["1"],
            inputs: single,
            outputs: [
                ValueInfo(name: "label", type: .tensor(elementType: .int64, shape: [.symbolic("N")])),
                ValueInfo(name: "probabilities", type: zipmap),
            ]
        )
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"name":"iris","versions":["1"],"platform":"onnx","inputs":[{"name":"X","datatype":"FP32","shape":[-1,3]}],"outputs":[{"name":"label","datatype":"INT64","shape":[-1]},{"name":"probabilities","datatype":"MAP_SEQUENCE","shape":[-1]}]}"#
        )
    }
}
