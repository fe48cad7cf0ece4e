import Foundation

/// The score transform ai.onnx.ml classifiers and regressors apply after scoring (`post_transform`).
///
/// The arithmetic is done in `Float` with the same formulas onnxruntime uses (including its
/// approximate inverse error function for PROBIT), so results agree to the last few ulps.
enum PostTransform: Int, Sendable {
    case none = 0
    case softmax = 1
    case logistic = 2
    case softmaxZero = 3
    case probit = 4

    /// Parses the string attribute of the opset 1–3 operators (`NONE`, `SOFTMAX`, ...).
    static func parse(_ attributes: NodeAttributes, name: String = "post_transform") throws -> PostTransform {
        let text = try attributes.string(name, default: "NONE")
        switch text {
        case "NONE": return .none
        case "SOFTMAX": return .softmax
        case "LOGISTIC": return .logistic
        case "SOFTMAX_ZERO": return .softmaxZero
        case "PROBIT": return .probit
        default:
            throw attributes.invalid(name, "'\(text)' is not one of NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT")
        }
    }

    /// Parses the integer attribute of TreeEnsemble (opset 5): 0 NONE … 4 PROBIT.
    static func parseInteger(_ attributes: NodeAttributes, name: String = "post_transform") throws -> PostTransform {
        let code = try attributes.int(name, default: 0)
        guard let transform = PostTransform(rawValue: code) else {
            throw attributes.invalid(name, "\(code) is not one of 0 (NONE) … 4 (PROBIT)")
        }
        return transform
    }

    /// Transforms one row of scores in place (a row of one value is only changed by PROBIT).
    @inlinable
    func apply(_ row: UnsafeMutableBufferPointer<Float>) {
        switch self {
        case .none:
            return
        case .logistic:
            guard row.count >= 2 else { return }
            for i in row.indices { row[i] = MLMath.logistic(row[i]) }
        case .softmax:
            guard row.count >= 2 else { return }
            MLMath.softmax(row)
        case .softmaxZero:
            guard row.count >= 2 else { return }
            MLMath.softmaxZero(row)
        case .probit:
            for i in row.indices { row[i] = MLMath.probit(row[i]) }
        }
    }
}
