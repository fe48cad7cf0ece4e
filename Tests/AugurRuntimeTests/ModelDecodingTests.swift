import Testing

@testable import AugurRuntime

@Suite("ModelProto decoding")
struct ModelDecodingTests {
    @Test("a model's metadata, opsets, nodes, attributes and declared types decode")
    func fullModel() throws {
        var model = TestModels.castChain()
        model.opsetImports = ["": 17, "ai.onnx.ml": 3]
        model.metadata = ["author": "tests"]
        model.graph.nodes[0].attributes = [
            "f": .float(0.5), "i": .int(-3), "s": .string("txt"), "fs": .floats([1, 2]), "is": .ints([4, -5]),
            "ss": .strings(["a", "b"]), "t": .tensor(Tensor(shape: [1], elements: [Int64(9)])),
        ]
        let decoded = try ONNXDecoder.decodeModel(TestModelEncoder.encode(model))
        #expect(decoded.irVersion == 8)
        #expect(decoded.producerName == "augur-tests")
        #expect(decoded.opsetImports == ["": 17, "ai.onnx.ml": 3])
        #expect(decoded.metadata == ["author": "tests"])
        #expect(decoded.graph.nodes.map(\.opType) == ["Identity", "Cast", "Shape"])
        #expect(decoded.graph.nodes[1].attributes["to"] == .int(11))
        #expect(decoded.graph.nodes[0].attributes == model.graph.nodes[0].attributes)
        #expect(decoded.graph.inputs == model.graph.inputs)
        #expect(decoded.graph.outputs == model.graph.outputs)
    }

    @Test("the domain 'ai.onnx' is normalised to the empty default domain")
    func domainNormalised() throws {
        var model = TestModels.castChain()
        model.opsetImports = ["ai.onnx": 17]
        model.graph.nodes[0].domain = "ai.onnx"
        let decoded = try ONNXDecoder.decodeModel(TestModelEncoder.encode(model))
        #expect(decoded.opsetImports == ["": 17])
        #expect(decoded.graph.nodes[0].domain == "")
    }

    @Test("sequence and map types decode with their element types")
    func nestedTypes() throws {
        var model = TestModels.castChain()
        let zipmap = ValueType.sequence(.map(key: .int64, value: .tensor(elementType: .float, shape: nil)))
        model.graph.valueInfo = [ValueInfo(name: "probabilities", type: zipmap)]
        let decoded = try ONNXDecoder.decodeModel(TestModelEncoder.encode(model))
        #expect(decoded.graph.valueInfo.first?.type == zipmap)
    }

    @Test("bytes that hold no graph are rejected as not an ONNX model")
    func noGraph() {
        #expect(throws: RuntimeError.self) { try ONNXDecoder.decodeModel([0x08, 0x07]) }
    }

    @Test("truncated model bytes are rejected as malformed")
    func truncatedModel() {
        let bytes = TestModelEncoder.encode(TestModels.castChain())
        #expect { try ONNXDecoder.decodeModel(Array(bytes.dropLast(5))) } throws: { error in
            if case .malformedModel? = error as? RuntimeError { return true }
            return false
        }
    }

    @Test("randomly corrupted model bytes decode, load and run or throw, never crash")
    func corruptedBytesNeverCrash() throws {
        let original = TestModelEncoder.encode(TestModels.castChain())
        var rng = SplitMix(seed: 99)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int(rng.next() % 4) + 1 {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                }
            }
            if let model = try? ONNXDecoder.decodeModel(bytes) {
                let session = try? InferenceSession(model: model)
                _ = try? session?.run(["X": .tensor(Tensor(shape: [1, 3], elements: [Float(1), 2, 3]))])
            }
        }
    }
}
