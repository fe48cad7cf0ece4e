import AugurRuntime
import Testing

@Suite("ai.onnx BatchNormalization and LayerNormalization")
struct StandardOpsMathNormalizationTests {
    typealias H = MathOpHarness

    @Test("BatchNormalization in inference mode normalises each channel with the given statistics")
    func batchNormInference() throws {
        let x = H.f([1, 2, 2], [1, 3, 10, 20])
        let scale = H.f([2], [2, 1])
        let bias = H.f([2], [0, 1])
        let mean = H.f([2], [2, 15])
        let variance = H.f([2], [4, 25])
        let y = try H.run1("BatchNormalization", attributes: ["epsilon": .float(0)], inputs: [x, scale, bias, mean, variance])
        #expect(H.close(y.floats, [-1, 1, 0, 2]))
    }

    @Test("BatchNormalization with training_mode uses batch statistics and blends the running ones")
    func batchNormTraining() throws {
        let x = H.f([2, 1, 1], [1, 3])
        let outputs = try H.run(
            "BatchNormalization", opset: 15, attributes: ["epsilon": .float(0), "momentum": .float(0.5), "training_mode": .int(1)],
            inputs: [x, H.f([1], [1]), H.f([1], [0]), H.f([1], [0]), H.f([1], [1])], outputs: 3)
        #expect(H.close(outputs[0].floats, [-1, 1]))
        #expect(H.close(outputs[1].floats, [1]))
        #expect(H.close(outputs[2].floats, [1]))
    }

    @Test("BatchNormalization rejects parameters of the wrong length")
    func batchNormBadParameters() throws {
        let p = H.f([3], [1, 1, 1])
        #expect(H.failure { try H.run1("BatchNormalization", inputs: [H.iota([1, 2, 2]), p, p, p, p]) } != nil)
    }

    @Test("LayerNormalization normalises the last axis and returns Mean and InvStdDev")
    func layerNormLastAxis() throws {
        let x = H.f([2, 2], [1, 3, 2, 6])
        let outputs = try H.run(
            "LayerNormalization", opset: 17, attributes: ["epsilon": .float(0)],
            inputs: [x, H.f([2], [1, 2]), H.f([2], [0, 1])], outputs: 3)
        #expect(H.close(outputs[0].floats, [-1, 3, -1, 3]))
        #expect(outputs[1].shape == [2, 1])
        #expect(outputs[1].floats == [2, 4])
        #expect(outputs[2].floats == [1, 0.5])
    }

    @Test("LayerNormalization over several trailing axes with broadcast scale and no bias")
    func layerNormAxis1() throws {
        let x = H.f([1, 2, 2], [0, 2, 4, 6])
        let outputs = try H.run(
            "LayerNormalization", opset: 17, attributes: ["axis": .int(1), "epsilon": .float(0)],
            inputs: [x, H.f([2], [1, 10]), nil], outputs: 3)
        let r = 1 / Float(5).squareRoot()
        #expect(H.close(outputs[0].floats, [-3 * r, -10 * r, 1 * r, 30 * r]))
        #expect(outputs[1].shape == [1, 1, 1])
        #expect(outputs[1].floats == [3])
    }

    @Test("LayerNormalization is not available before opset 17")
    func layerNormOpset() throws {
        #expect(OperatorRegistry.default.factory(domain: "", opType: "LayerNormalization", opsetVersion: 16) == nil)
    }
}
