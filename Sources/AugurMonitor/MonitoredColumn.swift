/// One monitored column: an input feature (a column of one input, trailing dimensions flattened) or an
/// output column (a numeric output's column, or a label output as a whole).
public struct MonitoredColumn: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Whether the column is a model input or a model output.
    public enum Kind: String, Sendable, Hashable, Comparable {
        case feature, output

        /// Orders by name (features before outputs).
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Feature or output.
    public var kind: Kind
    /// The input or output name.
    public var name: String
    /// The column within one row; nil for a label output (one class per row).
    public var index: Int?

    /// Creates a column key.
    public init(kind: Kind, name: String, index: Int?) {
        self.kind = kind
        self.name = name
        self.index = index
    }

    /// An input feature column.
    public static func feature(_ input: String, _ index: Int) -> MonitoredColumn {
        MonitoredColumn(kind: .feature, name: input, index: index)
    }

    /// A numeric output column, or (index nil) a label output.
    public static func output(_ name: String, _ index: Int? = nil) -> MonitoredColumn {
        MonitoredColumn(kind: .output, name: name, index: index)
    }

    /// `X[2]` for a column, `label` for a label output: the form alerts name features in.
    public var description: String {
        guard let index else { return name }
        return "\(name)[\(index)]"
    }

    /// Orders by kind, name, then index (label outputs first).
    public static func < (lhs: MonitoredColumn, rhs: MonitoredColumn) -> Bool {
        (lhs.kind, lhs.name, lhs.index ?? -1) < (rhs.kind, rhs.name, rhs.index ?? -1)
    }
}
