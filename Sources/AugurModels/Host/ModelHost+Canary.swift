extension ModelHost {
    /// Loads and warms up `version` of `model` next to the stable version, then routes `percent`% of the
    /// requests that name no version to it; the policy is pinned to the stable version meanwhile, so polling
    /// cannot move it. A canary of another version is replaced; one of the same version only changes share.
    /// A failed load throws `.loadFailed` and leaves the stable version and any canary untouched.
    public func startCanary(model: String, version: Int, percent: Int) async throws(ModelHostError) {
        guard (1...100).contains(percent) else {
            throw .invalidCanary(model: model, reason: "the share must be 1…100 percent, not \(percent)")
        }
        let current = slots.withLock { slots -> (stable: Int?, updated: Bool) in
            guard let stable = slots[model]?.active?.version else { return (nil, false) }
            guard stable != version, slots[model]?.canary?.model.version == version else { return (stable, false) }
            slots[model]?.canary?.percent = percent
            return (stable, true)
        }
        guard let stable = current.stable else { throw .modelNotLoaded(model: model) }
        guard stable != version else {
            throw .invalidCanary(model: model, reason: "version \(version) is already the stable version")
        }
        if current.updated {
            logger.info("canary share changed", metadata: ["model": "\(model)", "version": "\(version)", "percent": "\(percent)"])
            return
        }
        let loaded = try await onLoader { [self] in self.loadWarm(model: model, version: version) }
        let since = unixMilliseconds()
        let installed = slots.withLock { slots -> Bool in
            // The stable version may have changed while the canary loaded; it must still differ from the canary.
            guard let stable = slots[model]?.active?.version, stable != version else { return false }
            slots[model]?.canary = CanaryRoute(model: loaded, percent: percent, sinceMilliseconds: since)
            slots[model]?.policy = .pinned(stable)
            return true
        }
        guard installed else {
            throw .invalidCanary(model: model, reason: "the stable version changed to \(version) while the canary loaded")
        }
        logger.info("canary started", metadata: ["model": "\(model)", "version": "\(version)", "percent": "\(percent)"])
    }

    /// Makes the canary of `model` its stable version (the policy is pinned to it) and ends the canary.
    /// Throws `.noCanary` when none is in progress.
    public func promoteCanary(model: String) throws(ModelHostError) {
        let since = unixMilliseconds()
        let swapped = slots.withLock { slots -> (from: Int?, to: Int)? in
            guard let canary = slots[model]?.canary else { return nil }
            let from = slots[model]?.active?.version
            slots[model]?.active = canary.model
            slots[model]?.activeSinceMilliseconds = since
            slots[model]?.policy = .pinned(canary.model.version)
            slots[model]?.failedVersion = nil
            slots[model]?.canary = nil
            return (from, canary.model.version)
        }
        guard let swapped else { throw .noCanary(model: model) }
        onEvent(.swapped(model: model, from: swapped.from, to: swapped.to))
        logger.info("canary promoted", metadata: ["model": "\(model)", "version": "\(swapped.to)"])
    }

    /// Ends the canary of `model`, if any: every request goes to the stable version again, which is untouched.
    public func endCanary(model: String) {
        let ended = slots.withLock { slots -> Int? in
            let version = slots[model]?.canary?.model.version
            slots[model]?.canary = nil
            return version
        }
        if let ended { logger.info("canary ended", metadata: ["model": "\(model)", "version": "\(ended)"]) }
    }
}
