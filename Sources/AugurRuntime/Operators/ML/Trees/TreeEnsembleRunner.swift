/// Turns aggregated tree scores into an operator's outputs; generic over the precision the trees ran in.
protocol TreeScoreFinisher {
    /// `scores`/`has` hold `rows × targets` aggregated leaf weights and contribution flags.
    func finish<S: BinaryFloatingPoint & Sendable>(
        scores: UnsafeMutableBufferPointer<S>, has: UnsafeMutableBufferPointer<UInt8>, rows: Int, inputType: DataType
    ) throws -> [Value]
}

/// An ensemble compiled for float (when its attributes are float) and for double, plus the input
/// handling shared by the tree operators: float and integer inputs run in float, double inputs (or
/// double attributes) in double, as onnxruntime does.
struct TreeEnsembleRunner: Sendable {
    let single: CompiledTreeEnsemble<Float>?
    let double: CompiledTreeEnsemble<Double>
    let targets: Int
    let aggregate: TreeAggregate

    init(_ definition: TreeEnsembleDefinition, targets: Int, aggregate: TreeAggregate) {
        single = definition.needsDoublePrecision ? nil : CompiledTreeEnsemble<Float>(definition, targets: targets)
        double = CompiledTreeEnsemble<Double>(definition, targets: targets)
        self.targets = targets
        self.aggregate = aggregate
    }

    var treeCount: Int { double.treeCount }

    /// Scores `input` (`[N, F]` or `[F]`) and hands the aggregated scores to `finisher`.
    func run<F: TreeScoreFinisher>(_ input: Value?, operation: String, finisher: F) throws -> [Value] {
        guard let input else { throw RuntimeError.invalidInput("\(operation) needs its input X") }
        let x = try input.asTensor()
        let (rows, columns) = try FeatureMatrix.dimensions(of: x, operation: operation)
        guard columns >= double.requiredFeatures else {
            throw RuntimeError.invalidInput(
                "\(operation) reads feature \(double.requiredFeatures - 1) but the input has \(columns) features")
        }
        if let single, x.dataType != .double {
            let values: [Float]
            switch x.storage {
            case .float(let a): values = a
            case .int64(let a): values = a.map { Float($0) }
            case .int32(let a): values = a.map { Float($0) }
            case .float16(let a): values = a.map { $0.floatValue }
            default: throw RuntimeError.unsupportedDataType(x.dataType, operation: operation)
            }
            return try evaluate(single, values, rows, columns, x.dataType, finisher)
        }
        let values: [Double]
        switch x.storage {
        case .double(let a): values = a
        case .float(let a): values = a.map { Double($0) }
        case .int64(let a): values = a.map { Double($0) }
        case .int32(let a): values = a.map { Double($0) }
        case .float16(let a): values = a.map { Double($0.floatValue) }
        default: throw RuntimeError.unsupportedDataType(x.dataType, operation: operation)
        }
        return try evaluate(double, values, rows, columns, x.dataType, finisher)
    }

    private func evaluate<S, F: TreeScoreFinisher>(
        _ ensemble: CompiledTreeEnsemble<S>, _ values: [S], _ rows: Int, _ columns: Int, _ type: DataType, _ finisher: F
    ) throws -> [Value] {
        let count = rows * targets
        var scores = [S](repeating: 0, count: count)
        var has = [UInt8](repeating: 0, count: count)
        return try values.withUnsafeBufferPointer { x in
            try scores.withUnsafeMutableBufferPointer { scores in
                try has.withUnsafeMutableBufferPointer { has in
                    ensemble.accumulate(x: x, rows: rows, columns: columns, aggregate: aggregate, scores: scores, has: has)
                    return try finisher.finish(scores: scores, has: has, rows: rows, inputType: type)
                }
            }
        }
    }
}
