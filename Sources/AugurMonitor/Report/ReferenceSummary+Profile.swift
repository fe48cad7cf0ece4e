import AugurModels

extension ReferenceSummary {
    /// The summary of published statistics: their own quantiles and class shares.
    public init(published statistics: ReferenceStatistics, version: Int) {
        var columns: [MonitoredColumn: ColumnSummary] = [:]
        for feature in statistics.features { columns[.feature(feature.input, feature.index)] = .numeric(feature.summary) }
        for output in statistics.outputs {
            if let summary = output.summary {
                columns[.output(output.output, output.index ?? 0)] = .numeric(summary)
            } else if let shares = output.classShares {
                columns[.output(output.output)] = .classShares(shares)
            }
        }
        self.init(kind: .published, version: version, columns: columns)
    }

    /// The summary of a monitor's reference profile. Live references keep their values, so their
    /// quantiles are exact; a histogram-only column gets quantiles interpolated within its bins.
    public init(profile: ReferenceProfile) {
        var columns: [MonitoredColumn: ColumnSummary] = [:]
        for (column, reference) in profile.columns {
            switch reference {
            case .categorical(let categorical):
                columns[column] = .classShares(categorical.shares)
            case .numeric(let numeric):
                if let sample = numeric.sortedSample {
                    columns[column] = .numeric(NumericSummary(of: sample))
                } else if let histogram = numeric.histogram {
                    columns[column] = .numeric(Self.summary(histogram, numeric))
                }
            }
        }
        self.init(kind: profile.kind, version: profile.version, columns: columns)
    }

    private static func summary(_ histogram: Histogram, _ reference: NumericReference) -> NumericSummary {
        let total = Double(histogram.counts.reduce(0, +))
        let quantiles = NumericSummary.quantileLevels.map { level -> Quantile in
            guard total > 0, histogram.edges.count == histogram.counts.count + 1 else {
                return Quantile(q: level, value: reference.min)
            }
            var below = 0.0
            for (bin, count) in histogram.counts.enumerated() {
                let next = below + Double(count)
                if next / total >= level, count > 0 {
                    let within = (level * total - below) / Double(count)
                    let low = histogram.edges[bin]
                    let high = histogram.edges[bin + 1]
                    return Quantile(q: level, value: low + within * (high - low))
                }
                below = next
            }
            return Quantile(q: level, value: reference.max)
        }
        return NumericSummary(
            count: reference.count,
            missing: 0,
            mean: .nan,
            std: .nan,
            min: reference.min,
            max: reference.max,
            quantiles: quantiles,
            histogram: histogram
        )
    }
}
