/// Errors from `ModelHost`; each says what to do about it.
public enum ModelHostError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No version of the model is active in this host.
    case modelNotLoaded(model: String)
    /// A specific version was requested but another one is active.
    case versionNotActive(model: String, requested: Int, active: Int)
    /// Loading or warming up a version failed; the previously active version (if any) keeps serving.
    case loadFailed(model: String, version: Int, reason: String)
    /// The repository has no version of the model to load.
    case noVersionAvailable(model: String, reason: String)
    /// The model ran and failed on these inputs.
    case inferenceFailed(model: String, version: Int, reason: String)
    /// The host was shut down; no more loads are accepted.
    case shutDown
    /// A canary cannot start as asked (bad share, or the version is already the stable one).
    case invalidCanary(model: String, reason: String)
    /// There is no canary of the model to promote.
    case noCanary(model: String)
    /// A shadow cannot start: the share is out of range or the version is the stable one.
    case invalidShadow(model: String, reason: String)
    /// There is no shadow of the model to promote.
    case noShadow(model: String)

    public var description: String {
        switch self {
        case .modelNotLoaded(let model):
            return "model '\(model)' is not loaded; load it first (or check the name)"
        case .versionNotActive(let model, let requested, let active):
            return "model '\(model)' serves version \(active), not \(requested); pin it to \(requested) to serve that version"
        case .loadFailed(let model, let version, let reason):
            return "loading '\(model)' version \(version) failed (the active version keeps serving): \(reason)"
        case .noVersionAvailable(let model, let reason):
            return "model '\(model)' has no version to load: \(reason)"
        case .inferenceFailed(let model, let version, let reason):
            return "model '\(model)' version \(version) failed: \(reason)"
        case .shutDown:
            return "the model host has shut down"
        case .invalidCanary(let model, let reason):
            return "cannot start a canary of '\(model)': \(reason)"
        case .noCanary(let model):
            return "model '\(model)' has no canary in progress; start one with a canary share first"
        case .invalidShadow(let model, let reason):
            return "cannot start a shadow of '\(model)': \(reason)"
        case .noShadow(let model):
            return "model '\(model)' has no shadow; start one with augur model shadow first"
        }
    }
}
