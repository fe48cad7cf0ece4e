/// How a model host chooses the version it serves.
public enum VersionPolicy: Sendable, Equatable, CustomStringConvertible {
    /// Serve the highest published version; `ModelHost.refresh()` moves to newer ones as they appear.
    case latest
    /// Serve exactly this version until the policy changes.
    case pinned(Int)

    public var description: String {
        switch self {
        case .latest: "latest"
        case .pinned(let version): "pinned to \(version)"
        }
    }
}

/// What a model host reports about loads and swaps (for logs, metrics and control-stream reports).
/// Load events are delivered on the loader thread; `.released` on whichever thread dropped the last
/// reference to the version.
public enum ModelHostEvent: Sendable, Equatable {
    /// A version started loading.
    case loadStarted(model: String, version: Int)
    /// A version loaded and warmed up (seconds spent on each).
    case loaded(model: String, version: Int, loadSeconds: Double, warmUpSeconds: Double)
    /// A version failed to load; the active version, if any, is untouched.
    case loadFailed(model: String, version: Int, reason: String)
    /// The active version changed (`from` is nil for the first version).
    case swapped(model: String, from: Int?, to: Int)
    /// A version's last reference was dropped: its in-flight work has drained and its memory is freed.
    case released(model: String, version: Int)
    /// The model was removed from the host.
    case unloaded(model: String, version: Int)
}
