import AugurModels

/// What a window is compared against.
public enum ReferenceKind: String, Sendable, Hashable, CaseIterable {
    /// The reference statistics published with the version (`augur model publish --reference`).
    case published
    /// The version's own first live predictions, when nothing was published.
    case firstLive = "first_live"
    /// The last window of the version that served the model before this one.
    case previousVersion = "previous_version"
}

/// A complete reference: one distribution per monitored column, and where it came from.
public struct ReferenceProfile: Sendable, Equatable {
    /// Where the reference came from.
    public var kind: ReferenceKind
    /// The version the reference describes (the previous version for `previousVersion`).
    public var version: Int
    /// The distribution of each column.
    public var columns: [MonitoredColumn: ColumnReference]

    /// Creates a profile.
    public init(kind: ReferenceKind, version: Int, columns: [MonitoredColumn: ColumnReference]) {
        self.kind = kind
        self.version = version
        self.columns = columns
    }

    /// The profile of published reference statistics: features by input and index, numeric outputs by
    /// output and index, label outputs by class shares.
    public init(published statistics: ReferenceStatistics, version: Int) {
        var columns: [MonitoredColumn: ColumnReference] = [:]
        for feature in statistics.features {
            columns[.feature(feature.input, feature.index)] = .numeric(NumericReference(summary: feature.summary))
        }
        for output in statistics.outputs {
            if let summary = output.summary {
                columns[.output(output.output, output.index ?? 0)] = .numeric(NumericReference(summary: summary))
            } else if let shares = output.classShares {
                columns[.output(output.output)] = .categorical(CategoricalReference(shares: shares))
            }
        }
        self.init(kind: .published, version: version, columns: columns)
    }

    /// The profile of a live window (the version's first predictions, or the previous version's last window).
    public init(sample: WindowSample, kind: ReferenceKind, version: Int) {
        var columns: [MonitoredColumn: ColumnReference] = [:]
        for (column, values) in sample.numeric { columns[column] = .numeric(NumericReference(sample: values)) }
        for (column, counts) in sample.labels { columns[column] = .categorical(CategoricalReference(counts: counts)) }
        self.init(kind: kind, version: version, columns: columns)
    }
}
