import Foundation

/// The regularized incomplete gamma functions, for chi-squared p-values.
///
/// Below x = a + 1 the lower function's power series converges fast; above it the upper function's
/// continued fraction (evaluated by the modified Lentz method) does. Accurate to about 1e-12.
enum IncompleteGamma {
    private static let epsilon = 1e-14
    private static let tiny = 1e-300
    private static let maxIterations = 500

    /// Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x ≥ 0.
    static func upperRegularized(a: Double, x: Double) -> Double {
        guard x > 0 else { return 1 }
        if x < a + 1 { return Swift.max(0, 1 - lowerSeries(a: a, x: x)) }
        return upperContinuedFraction(a: a, x: x)
    }

    /// P(a, x) by its series: e^{−x} x^a / Γ(a + 1) · Σ x^n / ((a + 1)…(a + n)).
    private static func lowerSeries(a: Double, x: Double) -> Double {
        var term = 1 / a
        var sum = term
        var denominator = a
        for _ in 0..<maxIterations {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * exp(-x + a * log(x) - lgamma(a))
    }

    /// Q(a, x) by its continued fraction e^{−x} x^a / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)).
    private static func upperContinuedFraction(a: Double, x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...maxIterations {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return exp(-x + a * log(x) - lgamma(a)) * h
    }
}
