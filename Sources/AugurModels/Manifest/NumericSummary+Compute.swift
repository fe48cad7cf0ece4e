extension NumericSummary {
    /// Summarises a sample; NaN values count as missing and are left out of every other statistic.
    public init<S: Sequence>(of sample: S) where S.Element == Double {
        var values: [Double] = []
        var missing = 0
        for x in sample {
            if x.isNaN { missing += 1 } else { values.append(x) }
        }
        values.sort()
        self.init(sorted: values, missing: missing)
    }

    /// Summarises values already sorted ascending and free of NaN, plus a count of missing values.
    init(sorted values: [Double], missing: Int) {
        let n = values.count
        guard n > 0 else {
            self.init(
                count: 0, missing: missing, mean: 0, std: 0, min: 0, max: 0,
                quantiles: Self.quantileLevels.map { Quantile(q: $0, value: 0) },
                histogram: Histogram(edges: [0, 0], counts: [0]))
            return
        }
        var mean = 0.0
        var m2 = 0.0
        for (i, x) in values.enumerated() {  // Welford: stable for large, offset samples
            let delta = x - mean
            mean += delta / Double(i + 1)
            m2 += delta * (x - mean)
        }
        let quantiles = Self.quantileLevels.map { q -> Quantile in
            let position = q * Double(n - 1)
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, n - 1)
            let fraction = position - Double(lower)
            return Quantile(q: q, value: values[lower] + (values[upper] - values[lower]) * fraction)
        }
        self.init(
            count: n, missing: missing, mean: mean, std: (m2 / Double(n)).squareRoot(), min: values[0],
            max: values[n - 1], quantiles: quantiles, histogram: Self.histogram(sorted: values))
    }

    private static func histogram(sorted values: [Double]) -> Histogram {
        let low = values[0]
        let high = values[values.count - 1]
        guard high > low, (high - low).isFinite else {
            return Histogram(edges: [low, high], counts: [values.count])
        }
        let bins = histogramBins
        let width = (high - low) / Double(bins)
        let edges = (0...bins).map { $0 == bins ? high : low + width * Double($0) }
        var counts = [Int](repeating: 0, count: bins)
        for x in values {
            counts[Swift.min(Int((x - low) / width), bins - 1)] += 1
        }
        return Histogram(edges: edges, counts: counts)
    }
}
