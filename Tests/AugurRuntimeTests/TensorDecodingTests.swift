import Testing

@testable import AugurRuntime

@Suite("TensorProto decoding")
struct TensorDecodingTests {
    private func tensorProto(_ build: (inout ProtoWriter) -> Void) -> [UInt8] {
        var w = ProtoWriter()
        build(&w)
        return w.bytes
    }

    @Test("float raw_data decodes little-endian with its dims")
    func floatRawData() throws {
        let bytes = tensorProto { w in
            w.writePackedInt64(1, [2])
            w.writeInt64(2, 1)
            w.writeString(8, "w")
            w.writeBytes(9, [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC1])
        }
        let decoded = try ONNXDecoder.decodeTensor(bytes)
        #expect(decoded.name == "w")
        #expect(decoded.tensor == Tensor(shape: [2], elements: [Float(1), -10]))
    }

    @Test("float_data written unpacked decodes like packed data")
    func unpackedFloatData() throws {
        let bytes = tensorProto { w in
            w.writeInt64(1, 2)
            w.writeInt64(2, 1)
            w.writeFixed32(4, Float(0.5).bitPattern)
            w.writeFixed32(4, Float(1.5).bitPattern)
        }
        #expect(try ONNXDecoder.decodeTensor(bytes).tensor == Tensor(shape: [2], elements: [Float(0.5), 1.5]))
    }

    @Test("bool and int8 values come from int32_data")
    func narrowTypesFromInt32Data() throws {
        let bools = tensorProto { w in
            w.writePackedInt64(1, [3])
            w.writeInt64(2, 9)
            w.writePackedInt64(5, [1, 0, 1])
        }
        let int8s = tensorProto { w in
            w.writePackedInt64(1, [2])
            w.writeInt64(2, 3)
            w.writePackedInt64(5, [-5, 7])
        }
        #expect(try ONNXDecoder.decodeTensor(bools).tensor == Tensor(shape: [3], elements: [true, false, true]))
        #expect(try ONNXDecoder.decodeTensor(int8s).tensor == Tensor(shape: [2], elements: [Int8(-5), 7]))
    }

    @Test("string tensors come from string_data")
    func stringData() throws {
        let bytes = tensorProto { w in
            w.writePackedInt64(1, [2])
            w.writeInt64(2, 8)
            w.writeString(6, "a")
            w.writeString(6, "βeta")
        }
        #expect(try ONNXDecoder.decodeTensor(bytes).tensor == Tensor(shape: [2], elements: ["a", "βeta"]))
    }

    @Test("a scalar has empty dims and one value")
    func scalarTensor() throws {
        let bytes = tensorProto { w in
            w.writeInt64(2, 7)
            w.writePackedInt64(7, [42])
        }
        let t = try ONNXDecoder.decodeTensor(bytes).tensor
        #expect(t.isScalar)
        #expect(t.int64s == [42])
    }

    @Test("a value count that disagrees with dims is rejected")
    func countMismatch() {
        let bytes = tensorProto { w in
            w.writePackedInt64(1, [3])
            w.writeInt64(2, 7)
            w.writePackedInt64(7, [1, 2])
        }
        #expect(throws: RuntimeError.self) { try ONNXDecoder.decodeTensor(bytes) }
    }

    @Test("external data is refused with advice to embed the tensors")
    func externalData() {
        let bytes = tensorProto { w in
            w.writePackedInt64(1, [1])
            w.writeInt64(2, 1)
            w.writeString(8, "big")
            w.writeInt64(14, 1)
        }
        #expect { try ONNXDecoder.decodeTensor(bytes) } throws: { error in
            guard case .unsupportedModelFeature(let why)? = error as? RuntimeError else { return false }
            return why.contains("'big'") && why.contains("external")
        }
    }

    @Test("bfloat16 tensors are refused naming the element type")
    func bfloat16Refused() {
        let bytes = tensorProto { w in
            w.writePackedInt64(1, [1])
            w.writeInt64(2, 16)
            w.writeBytes(9, [0, 0])
        }
        #expect { try ONNXDecoder.decodeTensor(bytes) } throws: { error in
            guard case .unsupportedModelFeature(let why)? = error as? RuntimeError else { return false }
            return why.contains("bfloat16")
        }
    }

    @Test(
        "every supported element type survives an encode/decode round trip",
        arguments: [
            Tensor(shape: [2], elements: [Float(1.5), -2]),
            Tensor(shape: [1, 2], elements: [Double(3.25), .infinity]),
            Tensor(shape: [2], elements: [Int64.min, .max]),
            Tensor(shape: [2], elements: [Int32(-7), 9]),
            Tensor(shape: [3], elements: [true, false, true]),
            Tensor(shape: [2], elements: ["x", ""]),
            Tensor(shape: [2], elements: [UInt8(0), 255]),
            Tensor(shape: [2], elements: [Int8(-128), 127]),
            Tensor(shape: [2], elements: [UInt16(65535), 1]),
            Tensor(shape: [2], elements: [Int16(-300), 300]),
            Tensor(shape: [2], elements: [UInt32.max, 0]),
            Tensor(shape: [2], elements: [UInt64.max, 0]),
            Tensor(shape: [2], elements: [Float16Bits(1.5), Float16Bits(-0.25)]),
            Tensor(shape: [0, 3], elements: [Float]()),
        ]
    )
    func roundTrip(tensor: Tensor) throws {
        let decoded = try ONNXDecoder.decodeTensor(ONNXEncoder.encodeTensor(tensor, name: "t"))
        #expect(decoded.tensor == tensor)
        #expect(decoded.name == "t")
    }
}
