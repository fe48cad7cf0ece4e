import AugurModels

/// What `augur model rollback` sends: computed once by the CLI, so daemons apply it and never guess.
public enum RollbackPlan: Sendable, Equatable {
    /// A canary is in progress: end it; the stable version stays.
    case endCanary
    /// Return to this stable version.
    case version(Int)

    /// The command that carries the plan.
    public func command(for model: String) -> ControlCommand {
        switch self {
        case .endCanary: ControlCommand.rollback(model, to: nil)
        case .version(let version): ControlCommand.rollback(model, to: version)
        }
    }

    /// The rollback of `model`: end the canary if one is in progress (as commanded, or as reported when no
    /// command named the model); else the stable
    /// version before the current one in the commands' history; else the highest of `publishedVersions`
    /// below the current version (nil when the repository is not at hand).
    public static func plan(
        model: String,
        status: FleetStatus,
        publishedVersions: [Int]?
    ) throws(RollbackPlanError) -> RollbackPlan {
        let commanded = status.control.models[model]
        let reported = status.reportedState(of: model)
        // The commands decide what daemons serve; reports stand in only for models no command named.
        if let commanded, commanded.canary != nil { return .endCanary }
        if commanded == nil, reported?.canary != nil { return .endCanary }
        guard let current = commanded?.stable ?? reported?.version else { throw .notServed(model: model) }
        if let history = commanded?.history, history.count >= 2, history.last == current {
            return .version(history[history.count - 2])
        }
        guard let publishedVersions else { throw .noHistory(model: model, current: current) }
        guard let previous = publishedVersions.filter({ $0 < current }).max() else {
            throw .noEarlierVersion(model: model, current: current)
        }
        return .version(previous)
    }
}

/// Why no rollback target could be found.
public enum RollbackPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No command activated the model and no live daemon reports serving it.
    case notServed(model: String)
    /// The control history has no earlier version and the repository was not given to look in.
    case noHistory(model: String, current: Int)
    /// Nothing earlier than the current version is published.
    case noEarlierVersion(model: String, current: Int)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .notServed(let model):
            return "no command activated '\(model)' and no live daemon reports serving it; nothing to roll back"
        case .noHistory(let model, let current):
            return "the control stream holds no version of '\(model)' before \(current); "
                + "pass --models DIR to roll back to the highest published version below it, or activate one"
        case .noEarlierVersion(let model, let current):
            return "no version of '\(model)' below \(current) is published; nothing to roll back to"
        }
    }
}
