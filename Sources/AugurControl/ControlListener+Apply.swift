import AugurModels
import Logging

extension ControlListener {
    /// Applies one command to the host and says how it went; never throws, since a failed command leaves
    /// the host serving what it had and only has to be reported.
    func apply(_ command: ControlCommand) async -> DaemonReport.CommandOutcome {
        let model = command.model
        let message: String
        do {
            switch (command.operation, command.version, command.canaryPercent) {
            case (.activate, let version?, let percent?):
                try await host.startCanary(model: model, version: version, percent: percent)
                message = "canary version \(version) takes \(percent)% of \(model)"
            case (.activate, let version?, nil), (.rollback, let version?, _):
                try await host.serve(model, policy: .pinned(version))
                message = "\(model) version \(version) active"
            case (.rollback, nil, _):
                host.endCanary(model: model)
                let stable = host.servingState()[model].map { "; version \($0.version) serves" } ?? ""
                message = "canary of \(model) ended\(stable)"
            case (.promote, _, _):
                let fromCanary = host.servingState()[model]?.canary != nil
                if fromCanary { try host.promoteCanary(model: model) } else { try host.promoteShadow(model: model) }
                message = "\(model) version \(host.servingState()[model]?.version ?? 0) promoted from \(fromCanary ? "canary" : "shadow")"
            case (.shadow, let version?, _):
                let percent = command.sharePercent ?? 10
                try await host.startShadow(model: model, version: version, percent: percent)
                message = "shadow version \(version) scores \(percent)% of \(model)'s calls"
            case (.shadow, nil, _):
                host.endShadow(model: model)
                message = "shadow of \(model) ended"
            case (.activate, nil, _):
                // `ControlCommand` refuses to parse this; kept total for commands built in code.
                throw ModelHostError.noVersionAvailable(model: model, reason: "the activate command names no version")
            }
        } catch {
            logger.error(
                "control command failed; serving what was served before",
                metadata: ["op": "\(command.operation)", "model": "\(model)", "command_id": "\(command.commandID)", "error": "\(error)"]
            )
            return DaemonReport.CommandOutcome(commandID: command.commandID, succeeded: false, message: "\(error)")
        }
        logger.notice(
            "control command applied",
            metadata: ["op": "\(command.operation)", "model": "\(model)", "command_id": "\(command.commandID)", "result": "\(message)"]
        )
        return DaemonReport.CommandOutcome(commandID: command.commandID, succeeded: true, message: message)
    }

    /// Brings `model` to the desired state of a replayed fold: the stable version first, then the canary and
    /// the shadow.
    func apply(_ desired: ControlState.Model, to model: String) async {
        do {
            if let stable = desired.stable { try await host.serve(model, policy: .pinned(stable)) }
            if let canary = desired.canary {
                try await host.startCanary(model: model, version: canary.version, percent: canary.percent)
            }
            if let shadow = desired.shadow {
                try await host.startShadow(model: model, version: shadow.version, percent: shadow.percent)
            }
        } catch {
            logger.error(
                "could not restore a model's commanded state; serving what is loaded",
                metadata: ["model": "\(model)", "error": "\(error)"]
            )
        }
    }
}
