/// The fold of the control stream's commands: what every daemon should serve, and the stable versions
/// commanded so far (for rollback).
public struct ControlState: Sendable, Equatable {
    /// What one model should serve.
    public struct Model: Sendable, Equatable {
        /// The stable version last commanded; nil when no command set one (daemons keep their own).
        public var stable: Int?
        /// The canary commanded and not yet promoted or rolled back.
        public var canary: Canary?
        /// The shadow commanded and not yet ended or promoted (a version with a share of the calls).
        public var shadow: Canary?
        /// Stable versions in the order commands made them stable; a rollback steps back one. The last
        /// element is `stable`.
        public var history: [Int] = []

        /// Creates a model's desired state.
        public init(stable: Int? = nil, canary: Canary? = nil, history: [Int] = []) {
            self.stable = stable
            self.canary = canary
            self.history = history
        }
    }

    /// A commanded canary.
    public struct Canary: Sendable, Equatable {
        /// The canary's version.
        public var version: Int
        /// Its share of unpinned requests, 1…100 percent.
        public var percent: Int

        /// Creates a canary target.
        public init(version: Int, percent: Int) {
            self.version = version
            self.percent = percent
        }
    }

    /// Desired state per model name, for models some command named.
    public private(set) var models: [String: Model] = [:]
    /// Model names in the order commands first named them, so state is applied in stream order.
    public private(set) var order: [String] = []

    /// An empty fold.
    public init() {}

    /// Folds `commands` in order.
    public init(commands: some Sequence<ControlCommand>) {
        for command in commands { apply(command) }
    }

    /// Folds one more command in.
    public mutating func apply(_ command: ControlCommand) {
        if models[command.model] == nil {
            models[command.model] = Model()
            order.append(command.model)
        }
        models[command.model]?.apply(command)
    }
}

extension ControlState.Model {
    mutating func apply(_ command: ControlCommand) {
        switch command.operation {
        case .activate:
            guard let version = command.version else { return }
            if let percent = command.canaryPercent {
                canary = ControlState.Canary(version: version, percent: percent)
            } else {
                makeStable(version)
            }
        case .promote:
            if let canary {
                makeStable(canary.version)
            } else if let shadow {
                makeStable(shadow.version)
            }
        case .shadow:
            if let version = command.version, let percent = command.sharePercent {
                shadow = ControlState.Canary(version: version, percent: percent)
            } else {
                shadow = nil
            }
        case .rollback:
            guard let version = command.version else {
                canary = nil
                return
            }
            // Stepping back undoes the latest activation: drop it, then land on the target.
            if !history.isEmpty { history.removeLast() }
            makeStable(version)
        }
    }

    private mutating func makeStable(_ version: Int) {
        stable = version
        canary = nil
        if shadow?.version == version { shadow = nil }
        if history.last != version { history.append(version) }
    }
}
