extension ModelHost {
    /// Loads and warms up `version` of `model` as its shadow: a share (`percent`, 1…100) of the model calls
    /// made on the stable version are also run on the shadow, whose outputs are compared and never returned.
    /// A shadow of another version is replaced; one of the same version only changes its share. A failed
    /// load throws `.loadFailed` and leaves the model as it was.
    public func startShadow(model: String, version: Int, percent: Int) async throws(ModelHostError) {
        guard (1...100).contains(percent) else {
            throw .invalidShadow(model: model, reason: "the share must be 1…100 percent, not \(percent)")
        }
        let current = slots.withLock { slots -> (stable: Int?, updated: Bool) in
            guard let stable = slots[model]?.active?.version else { return (nil, false) }
            guard stable != version, slots[model]?.shadow?.model.version == version else { return (stable, false) }
            slots[model]?.shadow?.percent = percent
            return (stable, true)
        }
        guard let stable = current.stable else { throw .modelNotLoaded(model: model) }
        guard stable != version else {
            throw .invalidShadow(model: model, reason: "version \(version) is the stable version; a shadow must be another")
        }
        if current.updated { return }
        let loaded = try await onLoader { [self] in self.loadWarm(model: model, version: version) }
        let since = unixMilliseconds()
        let installed = slots.withLock { slots -> Bool in
            guard let stable = slots[model]?.active?.version, stable != version else { return false }
            slots[model]?.shadow = CanaryRoute(model: loaded, percent: percent, sinceMilliseconds: since)
            slots[model]?.policy = .pinned(stable)
            return true
        }
        guard installed else {
            throw .invalidShadow(model: model, reason: "the stable version changed to \(version) while the shadow loaded")
        }
        logger.info("shadow started", metadata: ["model": "\(model)", "version": "\(version)", "percent": "\(percent)"])
    }

    /// The shadow to run next to a model call on `primary`, drawn by the shadow's share; nil when `primary`
    /// is not the stable version (canary calls are not shadowed) or no shadow runs or this call is not drawn.
    public func shadow(of model: String, primary: Int) -> LoadedModel? {
        slots.withLock { slots -> LoadedModel? in
            guard slots[model]?.active?.version == primary, slots[model]?.shadow != nil else { return nil }
            return slots[model]?.shadow?.takesNext() == true ? slots[model]?.shadow?.model : nil
        }
    }

    /// Makes the shadow of `model` its stable version (the policy is pinned to it) and ends the shadow.
    /// Throws `.noShadow` when none runs.
    public func promoteShadow(model: String) throws(ModelHostError) {
        let since = unixMilliseconds()
        let swapped = slots.withLock { slots -> (from: Int?, to: Int)? in
            guard let shadow = slots[model]?.shadow else { return nil }
            let from = slots[model]?.active?.version
            slots[model]?.active = shadow.model
            slots[model]?.activeSinceMilliseconds = since
            slots[model]?.policy = .pinned(shadow.model.version)
            slots[model]?.failedVersion = nil
            slots[model]?.shadow = nil
            return (from, shadow.model.version)
        }
        guard let swapped else { throw .noShadow(model: model) }
        onEvent(.swapped(model: model, from: swapped.from, to: swapped.to))
        logger.info("shadow promoted", metadata: ["model": "\(model)", "version": "\(swapped.to)"])
    }

    /// Ends the shadow of `model`, if any.
    public func endShadow(model: String) {
        let ended = slots.withLock { slots -> Int? in
            let version = slots[model]?.shadow?.model.version
            slots[model]?.shadow = nil
            return version
        }
        if let ended { logger.info("shadow ended", metadata: ["model": "\(model)", "version": "\(ended)"]) }
    }
}
