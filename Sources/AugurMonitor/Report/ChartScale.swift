import Foundation

/// A linear map from data values to pixel positions, with round tick values for the axis.
public struct ChartScale: Sendable, Equatable {
    /// The data interval shown.
    public var domain: ClosedRange<Double>
    /// The pixel interval it maps to; its bounds may be given high-to-low to flip the axis (SVG's y grows down).
    public var lower: Double
    /// The pixel position of `domain.upperBound`.
    public var upper: Double

    /// Maps `domain` onto the pixels from `lower` to `upper`. A domain of one point is widened by ±1 (or
    /// ±10 % of the value) so that a constant series sits in the middle of the chart.
    public init(domain: ClosedRange<Double>, lower: Double, upper: Double) {
        var low = domain.lowerBound.isFinite ? domain.lowerBound : 0
        var high = domain.upperBound.isFinite ? domain.upperBound : 1
        if high < low { swap(&low, &high) }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        self.domain = low...high
        self.lower = lower
        self.upper = upper
    }

    /// The scale whose domain covers every finite value, padded by `padding` of the span on both sides.
    public static func covering(
        _ values: some Sequence<Double>,
        lower: Double,
        upper: Double,
        padding: Double = 0.05,
        including extra: [Double] = []
    ) -> ChartScale {
        let finite = Array(values.lazy.filter(\.isFinite)) + extra.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            return ChartScale(domain: 0...1, lower: lower, upper: upper)
        }
        let pad = (high - low) * padding
        return ChartScale(domain: (low - pad)...(high + pad), lower: lower, upper: upper)
    }

    /// The pixel position of `value` (values outside the domain map outside the pixel interval).
    public func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        return lower + (value - domain.lowerBound) / span * (upper - lower)
    }

    /// About `count` round values inside the domain (steps of 1, 2 or 5 times a power of ten), ascending.
    public func ticks(count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, count > 0 else { return [domain.lowerBound] }
        let rough = span / Double(count)
        let magnitude = pow(10, floor(log10(rough)))
        let step =
            [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.min {
                abs(span / $0 - Double(count)) < abs(span / $1 - Double(count))
            } ?? magnitude
        // Multiples of the step, rounded to its decimals so that 3 × 0.2 is 0.6 and not 0.6000000000000001.
        let decimals = pow(10, Swift.max(0, -floor(log10(step))))
        var index = ceil(domain.lowerBound / step - 1e-9)
        var ticks: [Double] = []
        while index * step <= domain.upperBound + step * 1e-9, ticks.count < 4 * count + 2 {
            let tick = (index * step * decimals).rounded() / decimals
            ticks.append(tick == 0 ? 0 : tick)
            index += 1
        }
        return ticks
    }

    /// A tick value as short text: no trailing zeros, at most four significant decimals.
    public static func label(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value != 0, abs(value) >= 1e6 || abs(value) < 1e-3 { return String(format: "%.2g", value) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
