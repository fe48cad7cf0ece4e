/// How an interior tree node compares its feature with its threshold (ONNX `nodes_modes`).
enum TreeNodeMode: UInt8, Sendable {
    case branchLEQ = 0
    case branchLT = 1
    case branchGTE = 2
    case branchGT = 3
    case branchEQ = 4
    case branchNEQ = 5
    /// Set membership (TreeEnsemble, ai.onnx.ml opset 5): true when the feature is in the node's set.
    case branchMember = 6

    /// Parses the string modes of TreeEnsembleClassifier/Regressor; nil for `LEAF`.
    static func parse(_ text: String) -> TreeNodeMode?? {
        switch text {
        case "LEAF": return .some(nil)
        case "BRANCH_LEQ": return .branchLEQ
        case "BRANCH_LT": return .branchLT
        case "BRANCH_GTE": return .branchGTE
        case "BRANCH_GT": return .branchGT
        case "BRANCH_EQ": return .branchEQ
        case "BRANCH_NEQ": return .branchNEQ
        default: return nil
        }
    }

    /// Whether `x` takes the true branch of a node with this mode and `threshold` (not for members).
    @inlinable
    func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ threshold: S) -> Bool {
        switch self {
        case .branchLEQ: x <= threshold
        case .branchLT: x < threshold
        case .branchGTE: x >= threshold
        case .branchGT: x > threshold
        case .branchEQ: x == threshold
        case .branchNEQ: x != threshold
        case .branchMember: false
        }
    }
}

/// A comparison fixed at compile time, so the traversal loop of a single-mode ensemble has no switch.
protocol TreeBranchRule {
    static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ threshold: S) -> Bool
}

enum BranchLEQ: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x <= t }
}
enum BranchLT: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x < t }
}
enum BranchGTE: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x >= t }
}
enum BranchGT: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x > t }
}
enum BranchEQ: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x == t }
}
enum BranchNEQ: TreeBranchRule {
    @inline(__always) static func goesTrue<S: BinaryFloatingPoint>(_ x: S, _ t: S) -> Bool { x != t }
}

/// How leaf weights of several trees combine within a target (`aggregate_function`).
enum TreeAggregate: Int, Sendable {
    case average = 0
    case sum = 1
    case min = 2
    case max = 3

    /// Parses the string attribute of TreeEnsembleRegressor.
    static func parse(_ a: NodeAttributes) throws -> TreeAggregate {
        let text = try a.string("aggregate_function", default: "SUM")
        switch text {
        case "AVERAGE": return .average
        case "SUM": return .sum
        case "MIN": return .min
        case "MAX": return .max
        default: throw a.invalid("aggregate_function", "'\(text)' is not one of AVERAGE, SUM, MIN, MAX")
        }
    }
}
