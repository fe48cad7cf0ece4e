import Foundation

/// What one model serves on a host: its stable version and, during a canary, the version trying out.
public struct ModelServingState: Sendable, Equatable {
    /// The stable version, which answers every request the canary does not take.
    public var version: Int
    /// Unix milliseconds when the stable version became active.
    public var sinceMilliseconds: UInt64
    /// The canary in progress, if any.
    public var canary: CanaryState?
    /// The shadow, if any: its version, the percent of stable calls it also runs, and since when.
    public var shadow: CanaryState?

    /// Creates a serving state.
    public init(version: Int, sinceMilliseconds: UInt64, canary: CanaryState? = nil, shadow: CanaryState? = nil) {
        self.version = version
        self.sinceMilliseconds = sinceMilliseconds
        self.canary = canary
        self.shadow = shadow
    }
}

/// A canary: a second version of a model that answers a share of the requests that name no version.
public struct CanaryState: Sendable, Equatable {
    /// The canary's version.
    public var version: Int
    /// Percent (1…100) of unpinned requests routed to it.
    public var percent: Int
    /// Unix milliseconds when the canary started taking traffic.
    public var sinceMilliseconds: UInt64

    /// Creates a canary state.
    public init(version: Int, percent: Int, sinceMilliseconds: UInt64) {
        self.version = version
        self.percent = percent
        self.sinceMilliseconds = sinceMilliseconds
    }
}

/// The wall clock as Unix milliseconds, for the "since" of activations.
func unixMilliseconds() -> UInt64 {
    UInt64(max(0, Date().timeIntervalSince1970 * 1000))
}
