import Foundation

/// The SVM kernel of SVMClassifier/SVMRegressor (`kernel_type`, `kernel_params` = gamma, coef0, degree).
struct SVMKernel: Sendable {
    enum Kind: String, Sendable { case linear = "LINEAR", poly = "POLY", rbf = "RBF", sigmoid = "SIGMOID" }
    var kind: Kind
    var gamma: Float = 0
    var coef0: Float = 0
    var degree: Float = 0

    /// Reads the kernel attributes; unknown kernel names are refused.
    init(_ a: NodeAttributes) throws {
        let name = try a.string("kernel_type", default: "LINEAR")
        guard let kind = Kind(rawValue: name) else {
            throw a.invalid("kernel_type", "'\(name)' is not one of LINEAR, POLY, RBF, SIGMOID")
        }
        self.kind = kind
        let params = try a.floats("kernel_params", default: [])
        if !params.isEmpty {
            guard params.count == 3 else { throw a.invalid("kernel_params", "expected gamma, coef0, degree; got \(params.count) values") }
            gamma = params[0]
            coef0 = params[1]
            degree = params[2]
        }
    }

    init(kind: Kind) { self.kind = kind }

    /// k(x, v) for one input row and one support vector (both `features` long).
    @inlinable
    func apply(_ x: UnsafePointer<Float>, _ v: UnsafePointer<Float>, features: Int) -> Float {
        switch kind {
        case .rbf:
            var sum: Float = 0
            for k in 0..<features {
                let d = x[k] - v[k]
                sum += d * d
            }
            return expf(-gamma * sum)
        case .linear:
            return MLMath.dot(x, v, features)
        case .poly:
            let base = gamma * MLMath.dot(x, v, features) + coef0
            if degree == 2 { return base * base }
            if degree == 3 { return base * base * base }
            return powf(base, degree)
        case .sigmoid:
            return tanhf(gamma * MLMath.dot(x, v, features) + coef0)
        }
    }
}

/// Pairwise-coupling probabilities from one-vs-one probabilities (Wu, Lin & Weng 2004, method 2,
/// as libsvm and onnxruntime use it): `pairwise[i * k + j]` is P(i | i or j); returns k probabilities.
enum SVMProbability {
    static func couple(_ pairwise: [Float], classes k: Int) -> [Float] {
        var q = [Float](repeating: 0, count: k * k)
        for t in 0..<k {
            for j in 0..<k where j != t {
                q[t * k + t] += pairwise[j * k + t] * pairwise[j * k + t]
            }
            for j in 0..<k where j != t {
                q[t * k + j] = j < t ? q[j * k + t] : -pairwise[j * k + t] * pairwise[t * k + j]
            }
        }
        var p = [Float](repeating: 1 / Float(k), count: k)
        var qp = [Float](repeating: 0, count: k)
        let eps = 0.005 / Float(k)
        for _ in 0..<100 {
            var pqp: Float = 0
            for t in 0..<k {
                qp[t] = 0
                for j in 0..<k { qp[t] += q[t * k + j] * p[j] }
                pqp += p[t] * qp[t]
            }
            var maxError: Float = 0
            for t in 0..<k { maxError = max(maxError, abs(qp[t] - pqp)) }
            if maxError < eps { break }
            for t in 0..<k {
                let diff = (-qp[t] + pqp) / q[t * k + t]
                p[t] += diff
                pqp = (pqp + diff * (diff * q[t * k + t] + 2 * qp[t])) / (1 + diff) / (1 + diff)
                for j in 0..<k {
                    qp[j] = (qp[j] + diff * q[t * k + j]) / (1 + diff)
                    p[j] /= (1 + diff)
                }
            }
        }
        return p
    }

    /// libsvm's Platt sigmoid P = 1 / (1 + exp(score · A + B)), clamped away from 0 and 1.
    static func platt(_ score: Float, a: Float, b: Float) -> Float {
        let v = 1 - MLMath.logistic(score * a + b)
        return min(max(v, 1e-7), 1 - 1e-7)
    }
}
