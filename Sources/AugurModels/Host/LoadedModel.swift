import AugurRuntime
import Foundation

/// One version of a model, loaded, validated and warmed up. Callers that hold a reference keep the
/// version alive: in-flight predictions finish on it even after a swap, and it is released (and a
/// `.released` event sent) when the last reference goes away.
public final class LoadedModel: Sendable {
    /// The model's name.
    public let name: String
    /// The version loaded.
    public let version: Int
    /// The version's manifest.
    public let manifest: ModelManifest
    /// The compiled model; safe to run from many threads at once.
    public let session: InferenceSession
    /// Seconds spent reading, checking and compiling the model.
    public let loadSeconds: Double
    /// How many warm-up runs completed before the version could serve.
    public let warmUpRuns: Int
    private let onRelease: @Sendable (String, Int) -> Void

    init(
        name: String, version: Int, manifest: ModelManifest, session: InferenceSession, loadSeconds: Double,
        warmUpRuns: Int, onRelease: @escaping @Sendable (String, Int) -> Void
    ) {
        self.name = name
        self.version = version
        self.manifest = manifest
        self.session = session
        self.loadSeconds = loadSeconds
        self.warmUpRuns = warmUpRuns
        self.onRelease = onRelease
    }

    deinit {
        onRelease(name, version)
    }

    /// Runs the model on named inputs.
    public func predict(_ inputs: [String: Value]) throws(ModelHostError) -> [String: Value] {
        do {
            return try session.run(inputs)
        } catch {
            throw .inferenceFailed(model: name, version: version, reason: "\(error)")
        }
    }
}

/// The result of `ModelHost.predict`: the outputs and the one version that computed them.
public struct Prediction: Sendable {
    /// The model's name.
    public var model: String
    /// The version that ran.
    public var version: Int
    /// Every output by name.
    public var outputs: [String: Value]
}
