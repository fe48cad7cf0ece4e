import AugurRuntime
import Testing

@Suite("Core types")
struct CoreTypesTests {
    @Test("half-precision conversion rounds to nearest even and keeps specials")
    func float16Conversion() {
        #expect(Float16Bits(1.0).bitPattern == 0x3C00)
        #expect(Float16Bits(-2.0).bitPattern == 0xC000)
        #expect(Float16Bits(65504).bitPattern == 0x7BFF)
        #expect(Float16Bits(1e6).bitPattern == 0x7C00)
        #expect(Float16Bits(bitPattern: 0x0001).floatValue == 5.960464477539063e-08)
        #expect(Float16Bits(5.960464477539063e-08).bitPattern == 0x0001)
        #expect(Float16Bits(1.0 + 1.0 / 2048).bitPattern == 0x3C00)  // tie rounds to even
        #expect(Float16Bits(Float.nan).floatValue.isNaN)
    }

    @Test("a checked tensor refuses storage that does not fill its shape")
    func checkedTensor() {
        #expect(throws: RuntimeError.self) { try Tensor(shape: [2, 2], storage: .float([1, 2, 3])) }
    }

    @Test("a built tensor holds exactly what the fill wrote")
    func buildTensor() {
        let t = Tensor.build(shape: [2, 2], of: Int64.self) { out in
            for i in 0..<out.count { out[i] = Int64(i * i) }
        }
        #expect(t.int64s == [0, 1, 4, 9])
    }

    @Test("V2 datatype names map both ways")
    func v2Names() {
        #expect(DataType.float.v2Name == "FP32")
        #expect(DataType(v2Name: "BYTES") == .string)
        #expect(DataType(v2Name: "FP128") == nil)
    }

    @Test("attribute getters apply defaults and name the node on a type error")
    func attributeGetters() throws {
        let attributes = NodeAttributes(nodeName: "n", opType: "Op", values: ["axis": .int(2), "alpha": .string("x")])
        #expect(try attributes.int("axis") == 2)
        #expect(try attributes.float("beta", default: 0.5) == 0.5)
        #expect(try attributes.intsIfPresent("perm") == nil)
        #expect { try attributes.float("alpha") } throws: { error in
            (error as? RuntimeError)
                == .invalidAttribute(node: "n", opType: "Op", attribute: "alpha", reason: "expected type FLOAT, got STRING")
        }
        #expect { try attributes.ints("perm") } throws: { error in
            (error as? RuntimeError) == .missingAttribute(node: "n", opType: "Op", attribute: "perm")
        }
    }

    @Test("the registry picks the latest registration not newer than the model's opset")
    func registryVersionSelection() throws {
        var registry = OperatorRegistry()
        registry.register(opType: "Op", sinceVersion: 1) { _ in Fixed(value: 1) }
        registry.register(domain: "ai.onnx", opType: "Op", sinceVersion: 13) { _ in Fixed(value: 13) }
        let node = NodeInfo(
            name: "n",
            opType: "Op",
            domain: "",
            opsetVersion: 12,
            attributes: NodeAttributes(nodeName: "n", opType: "Op", values: [:]),
            inputs: [],
            outputs: ["y"]
        )
        let old = try #require(registry.factory(domain: "", opType: "Op", opsetVersion: 12))
        let new = try #require(registry.factory(domain: "ai.onnx", opType: "Op", opsetVersion: 18))
        #expect(try old(node).run([], context: ExecutionContext()) == [.tensor(Tensor(scalar: Int64(1)))])
        #expect(try new(node).run([], context: ExecutionContext()) == [.tensor(Tensor(scalar: Int64(13)))])
        #expect(registry.registeredVersions(domain: "", opType: "Op") == [1, 13])
        #expect(!registry.supports(domain: "ai.onnx.ml", opType: "Op", opsetVersion: 3))
    }

    @Test("a ZipMap-style map sequence splits its values into rows")
    func mapSequenceRows() throws {
        let maps = try MapSequence(keys: .int64([0, 1]), values: [0.9, 0.1, 0.2, 0.8])
        #expect(maps.count == 2)
        #expect(Array(maps.row(1)) == [0.2, 0.8])
        #expect(throws: RuntimeError.self) { try MapSequence(keys: .string(["a", "b"]), values: [1, 2, 3]) }
    }
}

private struct Fixed: Operator {
    let value: Int64
    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] { [.tensor(Tensor(scalar: value))] }
}
