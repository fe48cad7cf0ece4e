import AugurRuntime
import Foundation
import Logging

/// Holds the active version of each model, loads new versions in the background and swaps them in
/// atomically while predictions run.
///
/// `predict` takes the current `LoadedModel` reference under a lock and runs outside it, so a swap never
/// waits for predictions and a prediction always runs on exactly one version; a replaced version is
/// freed when its last in-flight prediction finishes. Loading, checksum verification, compilation and
/// warm-up happen on one dedicated loader thread; a version that fails any step is never swapped in.
public final class ModelHost: Sendable {
    /// How the host loads and polls.
    public struct Configuration: Sendable {
        /// How often `run()` checks the repository for new versions of `.latest` models. Default: 5 s.
        public var pollInterval: Duration
        /// Runs on a sample input (zeros of the declared shapes, batch 1) before a version may serve,
        /// so its first real prediction is not its slowest. Default: 3.
        public var warmUpRuns: Int
        /// How models are compiled (operator registry, opset limits). Default: the built-in operators.
        public var sessionOptions: SessionOptions

        /// Creates a configuration with the documented defaults.
        public init(pollInterval: Duration = .seconds(5), warmUpRuns: Int = 3, sessionOptions: SessionOptions = SessionOptions()) {
            self.pollInterval = pollInterval
            self.warmUpRuns = warmUpRuns
            self.sessionOptions = sessionOptions
        }
    }

    struct Slot {
        var active: LoadedModel?
        var policy: VersionPolicy
        /// A `.latest` version that failed to load, so polling does not retry it every interval.
        var failedVersion: Int?
        /// Unix milliseconds when `active` became active.
        var activeSinceMilliseconds: UInt64 = 0
        /// The canary in progress, which takes a share of the requests that name no version.
        var canary: CanaryRoute?
        /// The shadow, which also runs a share of the stable version's calls; its outputs are only compared.
        var shadow: CanaryRoute?

        /// The version a request for `version` (nil: any) runs on; draws the canary's share when there is one.
        mutating func route(version: Int?) -> Route {
            guard let active else { return .notLoaded }
            if let version {
                if version == active.version { return .model(active) }
                if let canary, canary.model.version == version { return .model(canary.model) }
                return .versionNotActive(active: active.version)
            }
            if canary?.takesNext() == true, let canary { return .model(canary.model) }
            return .model(active)
        }
    }

    enum Route {
        case model(LoadedModel)
        case notLoaded
        case versionNotActive(active: Int)
    }

    /// The repository versions are loaded from.
    public let repository: ModelRepository
    /// The configuration in force.
    public let configuration: Configuration
    let slots = LockedValue<[String: Slot]>([:])
    let loader: LoaderThread
    let logger: Logger
    let onEvent: @Sendable (ModelHostEvent) -> Void

    /// Creates a host over `repository`; `onEvent` receives every load, swap and release.
    public init(
        repository: ModelRepository,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "augur.models"),
        onEvent: @escaping @Sendable (ModelHostEvent) -> Void = { _ in }
    ) {
        self.repository = repository
        self.configuration = configuration
        self.logger = logger
        self.onEvent = onEvent
        self.loader = LoaderThread(name: "augur-loader")
    }

    deinit {
        loader.stop()
    }

    /// Stops the loader thread; pending loads fail with `.shutDown`. Active versions keep serving.
    public func shutdown() {
        loader.stop()
    }

    // MARK: Prediction (hot path)

    /// The active version of `name`, if any.
    public func loadedModel(_ name: String) -> LoadedModel? {
        slots.withLock { $0[name]?.active }
    }

    /// Runs `model` on `inputs`: the given `version` (the stable or the canary one), else the version
    /// `resolve` routes to.
    public func predict(model: String, version: Int? = nil, inputs: [String: Value]) throws(ModelHostError) -> Prediction {
        let loaded = try resolve(model, version: version)
        return Prediction(model: model, version: loaded.version, outputs: try loaded.predict(inputs))
    }

    /// The version of `model` a request runs on: `version` when given (it must be the stable or the canary
    /// version), else the stable one, or during a canary the canary with probability percent/100.
    public func resolve(_ model: String, version: Int? = nil) throws(ModelHostError) -> LoadedModel {
        switch slots.withLock({ $0[model]?.route(version: version) }) {
        case .model(let loaded)?:
            return loaded
        case .versionNotActive(let active)?:
            throw .versionNotActive(model: model, requested: version ?? active, active: active)
        case .notLoaded?, nil:
            throw .modelNotLoaded(model: model)
        }
    }

    /// The stable version, its since-time and any canary and shadow of every model this host serves.
    public func servingState() -> [String: ModelServingState] {
        slots.withLock { slots in
            slots.compactMapValues { slot in
                slot.active.map {
                    ModelServingState(
                        version: $0.version,
                        sinceMilliseconds: slot.activeSinceMilliseconds,
                        canary: slot.canary?.state,
                        shadow: slot.shadow?.state
                    )
                }
            }
        }
    }

    /// Active (stable) version per model name.
    public func activeVersions() -> [String: Int] {
        slots.withLock { $0.compactMapValues { $0.active?.version } }
    }

    /// The version policy of each model this host serves.
    public func policies() -> [String: VersionPolicy] {
        slots.withLock { $0.mapValues(\.policy) }
    }
}
