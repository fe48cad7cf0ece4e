import Foundation

/// The drift statistics of one column in one window against one reference.
public struct ColumnDrift: Sendable, Equatable {
    /// The column.
    public var column: MonitoredColumn
    /// Non-missing values (numeric) or labels in the window.
    public var count: Int
    /// Population stability index against the reference bins or classes.
    public var psi: Double
    /// KS statistic D (numeric columns).
    public var ks: Double?
    /// KS p-value.
    public var ksPValue: Double?
    /// The D at which the p-value reaches alpha, for these sample sizes.
    public var ksCritical: Double?
    /// Chi-squared statistic (label columns).
    public var chiSquared: Double?
    /// Chi-squared p-value.
    public var chiSquaredPValue: Double?
    /// The statistic at which the p-value reaches alpha, for these degrees of freedom.
    public var chiSquaredCritical: Double?
    /// Share of the window's values outside the reference range (features).
    public var outOfRangeShare: Double?
    /// Share of the window's values that were missing (features).
    public var missingShare: Double?
    /// The reference's missing share.
    public var referenceMissingShare: Double?

    /// The first alert threshold the column crosses (PSI, KS, chi-squared, out-of-range, missing), or nil.
    public func breach(_ thresholds: DriftThresholds) -> DriftBreach? {
        guard count >= thresholds.minimumValues else { return nil }
        if psi >= thresholds.psiAlert {
            return DriftBreach(statistic: "psi", value: psi, threshold: thresholds.psiAlert)
        }
        if let ks, let ksPValue, let ksCritical, ksPValue < thresholds.alpha {
            return DriftBreach(statistic: "ks", value: ks, threshold: ksCritical)
        }
        if let chiSquared, let chiSquaredPValue, let chiSquaredCritical, chiSquaredPValue < thresholds.alpha {
            return DriftBreach(statistic: "chi_squared", value: chiSquared, threshold: chiSquaredCritical)
        }
        if let outOfRangeShare, outOfRangeShare >= thresholds.outOfRangeShare {
            return DriftBreach(statistic: "out_of_range", value: outOfRangeShare, threshold: thresholds.outOfRangeShare)
        }
        if let missingShare, let referenceMissingShare,
            missingShare - referenceMissingShare >= thresholds.missingShareIncrease
        {
            return DriftBreach(
                statistic: "missing",
                value: missingShare,
                threshold: referenceMissingShare + thresholds.missingShareIncrease
            )
        }
        return nil
    }

    /// True when every statistic is comfortably inside its threshold (see `DriftThresholds`), or the column
    /// has too few values to judge.
    public func isClear(_ thresholds: DriftThresholds) -> Bool {
        guard count >= thresholds.minimumValues else { return true }
        if psi >= thresholds.psiWarn { return false }
        if let ksPValue, ksPValue < thresholds.alpha { return false }
        if let chiSquaredPValue, chiSquaredPValue < thresholds.alpha { return false }
        if let outOfRangeShare, outOfRangeShare >= thresholds.outOfRangeShare / 2 { return false }
        if let missingShare, let referenceMissingShare,
            missingShare - referenceMissingShare >= thresholds.missingShareIncrease / 2
        {
            return false
        }
        return true
    }

    /// Whether PSI is at the warning level (logged, no alert).
    public func isWarning(_ thresholds: DriftThresholds) -> Bool {
        count >= thresholds.minimumValues && psi >= thresholds.psiWarn
    }
}
