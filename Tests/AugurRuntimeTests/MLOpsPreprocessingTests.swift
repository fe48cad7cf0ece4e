import Testing

@testable import AugurRuntime

@Suite("ML operators: preprocessing and ZipMap")
struct MLOpsPreprocessingTests {
    @Test("Scaler subtracts the offset then multiplies by the scale per feature")
    func scaler() throws {
        let y = try MLNode.run("Scaler", ["offset": .floats([1, 2]), "scale": .floats([2, 0.5])], MLNode.matrix([[3, 4], [1, 0]]))
        #expect(try MLNode.floats(y[0]) == [4, 1, 0, -1])
    }

    @Test("Normalizer divides each row by its L1, L2 or MAX norm and leaves zero rows alone")
    func normalizer() throws {
        let x = MLNode.matrix([[3, -4], [0, 0]])
        #expect(try MLNode.floats(try MLNode.run("Normalizer", ["norm": .string("L1")], x)[0]) == [3.0 / 7, -4.0 / 7, 0, 0])
        #expect(try MLNode.floats(try MLNode.run("Normalizer", ["norm": .string("L2")], x)[0]) == [0.6, -0.8, 0, 0])
        #expect(try MLNode.floats(try MLNode.run("Normalizer", ["norm": .string("MAX")], x)[0]) == [1, -4.0 / 3, 0, 0])
    }

    @Test("Binarizer maps values above the threshold to 1")
    func binarizer() throws {
        let y = try MLNode.run("Binarizer", ["threshold": .float(0.5)], MLNode.matrix([[0.5, 0.6, -1]]))
        #expect(try MLNode.floats(y[0]) == [0, 1, 0])
    }

    @Test("Imputer replaces NaN with the feature's imputed value")
    func imputer() throws {
        let y = try MLNode.run("Imputer", ["imputed_value_floats": .floats([7, 8]), "replaced_value_float": .float(.nan)],
                               MLNode.matrix([[.nan, 1], [2, .nan]]))
        #expect(try MLNode.floats(y[0]) == [7, 1, 2, 8])
    }

    @Test("OneHotEncoder adds a category axis and zero rows for unknown categories")
    func oneHot() throws {
        let x = Value.tensor(Tensor(shape: [3], elements: ["b", "zz", "a"]))
        let y = try MLNode.run("OneHotEncoder", ["cats_strings": .strings(["a", "b"])], x)
        #expect(y[0].tensor?.shape == [3, 2])
        #expect(try MLNode.floats(y[0]) == [0, 1, 0, 0, 1, 0])
    }

    @Test("OneHotEncoder with zeros = 0 refuses an unknown category")
    func oneHotStrict() {
        let x = Value.tensor(Tensor(shape: [1], elements: [Int64(5)]))
        #expect(throws: RuntimeError.self) { try MLNode.run("OneHotEncoder", ["cats_int64s": .ints([1, 2]), "zeros": .int(0)], x) }
    }

    @Test("LabelEncoder maps keys to values and unknown keys to the default")
    func labelEncoder() throws {
        let x = Value.tensor(Tensor(shape: [3], elements: ["cat", "dog", "emu"]))
        let y = try MLNode.run("LabelEncoder", opset: 2, [
            "keys_strings": .strings(["cat", "dog"]), "values_int64s": .ints([1, 2]), "default_int64": .int(-7),
        ], x)
        #expect(y[0].tensor?.int64s == [1, 2, -7])
    }

    @Test("LabelEncoder opset 1 maps indices back to class strings")
    func labelEncoderV1() throws {
        let x = Value.tensor(Tensor(shape: [3], elements: [Int64(1), 0, 9]))
        let y = try MLNode.run("LabelEncoder", opset: 1, ["classes_strings": .strings(["a", "b"])], x)
        #expect(y[0].tensor?.strings == ["b", "a", "_Unused"])
    }

    @Test("ArrayFeatureExtractor gathers along the last axis and makes 1-D input a row")
    func arrayFeatureExtractor() throws {
        let indices = Value.tensor(Tensor(shape: [2], elements: [Int64(2), 0]))
        let y = try MLNode.run("ArrayFeatureExtractor", [:], MLNode.matrix([[1, 2, 3], [4, 5, 6]]), indices)
        #expect(try MLNode.floats(y[0]) == [3, 1, 6, 4])
        let row = try MLNode.run("ArrayFeatureExtractor", [:], .tensor(Tensor(shape: [3], elements: [Float(1), 2, 3])), indices)
        #expect(row[0].tensor?.shape == [1, 2])
    }

    @Test("FeatureVectorizer concatenates inputs, cutting or zero-padding each to its width")
    func featureVectorizer() throws {
        let y = try MLNode.run("FeatureVectorizer", ["inputdimensions": .ints([1, 3])], MLNode.matrix([[1, 2]]), MLNode.matrix([[3, 4]]))
        #expect(try MLNode.floats(y[0]) == [1, 3, 4, 0])
    }

    @Test("ZipMap makes one label → score map per row")
    func zipMap() throws {
        let y = try MLNode.run("ZipMap", ["classlabels_int64s": .ints([10, 20])], MLNode.matrix([[0.25, 0.75], [1, 0]]))
        guard case .mapSequence(let maps) = y[0] else { Issue.record("not a map sequence"); return }
        #expect(maps.keys == .int64([10, 20]))
        #expect(maps.count == 2)
        #expect(Array(maps.row(1)) == [1, 0])
    }

    @Test("ZipMap refuses a column count that differs from its labels")
    func zipMapChecksColumns() {
        #expect(throws: RuntimeError.self) { try MLNode.run("ZipMap", ["classlabels_strings": .strings(["a"])], MLNode.matrix([[0.25, 0.75]])) }
    }
}
