import AugurRuntime
import Foundation

extension ModelHost {
    /// Makes the version `policy` selects for `model` active (the latest published one, or the pinned one),
    /// records the policy and ends any canary; returns when that version serves. On failure the active
    /// version, a canary in progress and the previous policy are untouched.
    @discardableResult
    public func serve(_ model: String, policy: VersionPolicy = .latest) async throws(ModelHostError) -> LoadedModel {
        let version = try target(for: model, policy: policy)
        let loaded = try await activate(model: model, version: version)
        slots.withLock { slots in
            slots[model]?.policy = policy
            slots[model]?.failedVersion = nil
            slots[model]?.canary = nil
        }
        return loaded
    }

    /// Loads `version` of `model` on the loader thread, warms it up and swaps it in; returns once it
    /// serves. If that version is already active, returns it without reloading. A failed load throws
    /// `.loadFailed` and leaves the active version serving.
    @discardableResult
    public func activate(model: String, version: Int) async throws(ModelHostError) -> LoadedModel {
        if let active = loadedModel(model), active.version == version { return active }
        return try await onLoader { [self] in self.loadAndSwap(model: model, version: version) }
    }

    /// Runs `work` on the loader thread and returns its result; `.shutDown` if the loader has stopped.
    func onLoader(_ work: @escaping @Sendable () -> Result<LoadedModel, ModelHostError>) async throws(ModelHostError) -> LoadedModel {
        let result: Result<LoadedModel, ModelHostError> = await withCheckedContinuation { continuation in
            loader.submit { cancelled in
                guard !cancelled else { return continuation.resume(returning: .failure(.shutDown)) }
                continuation.resume(returning: work())
            }
        }
        return try result.get()
    }

    /// Checks the repository once: every `.latest` model whose highest published version is newer than
    /// the active one gets it loaded and swapped in. Failures are reported as events and not retried
    /// until an even newer version appears.
    public func refresh() async {
        let candidates = slots.withLock { slots in
            slots.compactMap { name, slot -> (String, Int?, Int?)? in
                slot.policy == .latest ? (name, slot.active?.version, slot.failedVersion) : nil
            }
        }
        for (name, active, failed) in candidates {
            guard let latest = try? repository.latestVersion(of: name), latest != active, latest != failed,
                latest > (active ?? 0)
            else { continue }
            do {
                try await activate(model: name, version: latest)
            } catch {
                slots.withLock { $0[name]?.failedVersion = latest }
                logger.warning("keeping the active version of a model", metadata: ["model": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// Polls the repository every `configuration.pollInterval` (see `refresh()`) until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await refresh()
            do {
                try await Task.sleep(for: configuration.pollInterval)
            } catch {
                return
            }
        }
    }

    /// Removes `model` from the host; in-flight predictions still finish on their version.
    public func unload(_ model: String) {
        let removed = slots.withLock { $0.removeValue(forKey: model) }
        if let version = removed?.active?.version { onEvent(.unloaded(model: model, version: version)) }
    }

    private func target(for model: String, policy: VersionPolicy) throws(ModelHostError) -> Int {
        switch policy {
        case .pinned(let version):
            return version
        case .latest:
            let latest: Int?
            do {
                latest = try repository.latestVersion(of: model)
            } catch {
                throw .noVersionAvailable(model: model, reason: "\(error)")
            }
            guard let latest else {
                throw .noVersionAvailable(model: model, reason: "nothing is published in \(repository.directory)")
            }
            return latest
        }
    }

    /// Runs on the loader thread. A canary of the same version is swapped in as it is, without a reload.
    private func loadAndSwap(model: String, version: Int) -> Result<LoadedModel, ModelHostError> {
        let (active, canary) = slots.withLock { ($0[model]?.active, $0[model]?.canary?.model) }
        if let active, active.version == version { return .success(active) }
        let loaded: LoadedModel
        if let canary, canary.version == version {
            loaded = canary
        } else {
            switch loadWarm(model: model, version: version) {
            case .success(let model): loaded = model
            case .failure(let error): return .failure(error)
            }
        }
        let since = unixMilliseconds()
        let previous = slots.withLock { slots -> LoadedModel? in
            var slot = slots[model] ?? Slot(active: nil, policy: .pinned(version))
            let previous = slot.active
            slot.active = loaded
            slot.activeSinceMilliseconds = since
            if slot.canary?.model.version == version { slot.canary = nil }
            // A shadow compares against the stable version; it has nothing to compare once it is that version.
            if slot.shadow?.model.version == version { slot.shadow = nil }
            slots[model] = slot
            return previous
        }
        onEvent(.swapped(model: model, from: previous?.version, to: version))
        logger.info("model version active", metadata: ["model": "\(model)", "version": "\(version)"])
        return .success(loaded)
    }

    /// Runs on the loader thread: loads and warms up `version`, sending the load events; swaps nothing in.
    func loadWarm(model: String, version: Int) -> Result<LoadedModel, ModelHostError> {
        onEvent(.loadStarted(model: model, version: version))
        let loaded: LoadedModel
        let warmUpSeconds: Double
        do {
            (loaded, warmUpSeconds) = try load(model: model, version: version)
        } catch {
            logger.error("model load failed", metadata: ["model": "\(model)", "version": "\(version)", "error": "\(error)"])
            onEvent(.loadFailed(model: model, version: version, reason: error.description))
            return .failure(.loadFailed(model: model, version: version, reason: error.description))
        }
        onEvent(.loaded(model: model, version: version, loadSeconds: loaded.loadSeconds, warmUpSeconds: warmUpSeconds))
        return .success(loaded)
    }

    private func load(model: String, version: Int) throws(ModelRepositoryError) -> (LoadedModel, Double) {
        let start = ContinuousClock.now
        let manifest = try repository.manifest(name: model, version: version)
        let data = try repository.modelData(for: manifest)
        let session: InferenceSession
        do {
            session = try InferenceSession(modelData: data, options: configuration.sessionOptions)
        } catch {
            throw .invalidModel(reason: "it does not load: \(error)")
        }
        let loadSeconds = Self.seconds(since: start)
        let warmUpStart = ContinuousClock.now
        var runs = 0
        if configuration.warmUpRuns > 0, let sample = try? SampleInputs.make(for: session.inputs, fill: 0, batch: 1) {
            for _ in 0..<configuration.warmUpRuns {
                do {
                    _ = try session.run(inputs: sample)
                } catch {
                    throw .invalidModel(reason: "it fails during warm-up on a zero input: \(error)")
                }
                runs += 1
            }
        }
        let onEvent = self.onEvent
        let loaded = LoadedModel(
            name: model,
            version: version,
            manifest: manifest,
            session: session,
            loadSeconds: loadSeconds,
            warmUpRuns: runs,
            onRelease: { name, version in onEvent(.released(model: name, version: version)) }
        )
        return (loaded, Self.seconds(since: warmUpStart))
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
