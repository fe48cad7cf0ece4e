/// ai.onnx.ml OneHotEncoder: each element becomes a one-hot row over the categories; the output shape
/// is the input shape plus a last axis of the category count. Numeric inputs are truncated to integers.
struct OneHotEncoderOperator: Operator {
    let intCategories: [Int64: Int]
    let stringCategories: [String: Int]
    let categoryCount: Int
    /// When false, an unknown category is an error instead of an all-zero row.
    let zerosForUnknown: Bool

    init(node: NodeInfo) throws {
        let a = node.attributes
        let ints = try a.int64sIfPresent("cats_int64s") ?? []
        let strings = try a.strings("cats_strings", default: [])
        guard ints.isEmpty != strings.isEmpty else {
            throw a.invalid("cats_int64s", "exactly one of cats_int64s and cats_strings must be set")
        }
        var intIndex: [Int64: Int] = [:]
        for (i, c) in ints.enumerated() where intIndex[c] == nil { intIndex[c] = i }
        var stringIndex: [String: Int] = [:]
        for (i, c) in strings.enumerated() where stringIndex[c] == nil { stringIndex[c] = i }
        intCategories = intIndex
        stringCategories = stringIndex
        categoryCount = max(ints.count, strings.count)
        zerosForUnknown = try a.int("zeros", default: 1) != 0
    }

    func run(_ inputs: [Value?], context: ExecutionContext) throws -> [Value] {
        guard let input = inputs.first ?? nil else { throw RuntimeError.invalidInput("OneHotEncoder needs its input X") }
        let x = try input.asTensor()
        let positions: [Int?]
        switch x.storage {
        case .string(let a):
            positions = a.map { stringCategories[$0] }
        case .int64(let a): positions = a.map { intCategories[$0] }
        case .int32(let a): positions = a.map { intCategories[Int64($0)] }
        case .float(let a): positions = a.map { Int64(exactly: $0.rounded(.towardZero)).flatMap { intCategories[$0] } }
        case .double(let a): positions = a.map { Int64(exactly: $0.rounded(.towardZero)).flatMap { intCategories[$0] } }
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: "OneHotEncoder")
        }
        if !zerosForUnknown, let missing = positions.firstIndex(where: { $0 == nil }) {
            throw RuntimeError.invalidInput("OneHotEncoder: element \(missing) is not a known category and zeros = 0")
        }
        let y = Tensor.build(shape: x.shape + [categoryCount], of: Float.self) { out in
            for i in 0..<out.count { out[i] = 0 }
            for (i, p) in positions.enumerated() {
                if let p { out[i * categoryCount + p] = 1 }
            }
        }
        return [.tensor(y)]
    }
}
