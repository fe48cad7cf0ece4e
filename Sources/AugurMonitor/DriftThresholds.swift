import Foundation

/// When a column counts as drifted, and when it counts as clear again.
///
/// An alert fires when any column breaches an alert threshold; it resolves only after `clearWindows`
/// consecutive windows in which every column is clear, which is stricter than "not breaching" (PSI under
/// the warning level, the tests' p-values above alpha, shares under half their thresholds): an alert does
/// not flap while a statistic hovers at its threshold.
public struct DriftThresholds: Sendable, Equatable {
    /// PSI at which a column is reported as shifting (logged) and under which it counts as clear. Default 0.1.
    public var psiWarn: Double
    /// PSI at which a column breaches. Default 0.25.
    public var psiAlert: Double
    /// Significance level of the KS and chi-squared tests: p below it breaches. Default 1e-4, low because
    /// every window tests every column and a false alarm costs a retraining investigation.
    public var alpha: Double
    /// Share of values outside the reference range [min, max] at which a feature breaches. Default 0.05.
    public var outOfRangeShare: Double
    /// Increase of the missing share over the reference's at which a feature breaches. Default 0.1.
    public var missingShareIncrease: Double
    /// Non-missing values a column needs in a window before it is judged. Default 50.
    public var minimumValues: Int
    /// Consecutive clear windows before a firing alert resolves. Default 2.
    public var clearWindows: Int

    /// Creates thresholds; every parameter defaults as documented on its property.
    public init(
        psiWarn: Double = 0.1,
        psiAlert: Double = 0.25,
        alpha: Double = 1e-4,
        outOfRangeShare: Double = 0.05,
        missingShareIncrease: Double = 0.1,
        minimumValues: Int = 50,
        clearWindows: Int = 2
    ) {
        self.psiWarn = psiWarn
        self.psiAlert = psiAlert
        self.alpha = alpha
        self.outOfRangeShare = outOfRangeShare
        self.missingShareIncrease = missingShareIncrease
        self.minimumValues = minimumValues
        self.clearWindows = clearWindows
    }
}

/// How a column breached: the statistic, its value and the threshold it crossed.
public struct DriftBreach: Sendable, Equatable {
    /// `psi`, `ks`, `chi_squared`, `out_of_range` or `missing`.
    public var statistic: String
    /// The statistic's value in the window.
    public var value: Double
    /// The threshold it reached (for the tests, the critical value at `alpha`).
    public var threshold: Double
}
