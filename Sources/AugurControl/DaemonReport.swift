import AugurModels
import Foundation

/// What a daemon tells the fleet on the control stream: what it serves, and the outcome of a command.
///
/// Fields: `type=report daemon=NAME [command_id=ID outcome=ok|failed message=TEXT] state=JSON issued_ms=UNIXMS
/// [interval_ms=MS]`; `state` is `{"MODEL":{"version":2,"since_ms":…,"canary":{"version":3,"percent":10,"since_ms":…},"shadow":{…}}}`.
public struct DaemonReport: Sendable, Equatable {
    /// How a daemon applied a command.
    public struct CommandOutcome: Sendable, Equatable {
        /// The command's id.
        public var commandID: String
        /// True when the daemon applied it; false when it failed and kept serving what it had.
        public var succeeded: Bool
        /// What happened, for the operator.
        public var message: String

        /// Creates an outcome.
        public init(commandID: String, succeeded: Bool, message: String) {
            self.commandID = commandID
            self.succeeded = succeeded
            self.message = message
        }
    }

    /// The reporting daemon's name.
    public var daemon: String
    /// The command this report answers; nil for a start-up report or a heartbeat.
    public var outcome: CommandOutcome?
    /// What the daemon serves, by model name.
    public var state: [String: ModelServingState]
    /// Unix milliseconds when the report was made.
    public var issuedMilliseconds: UInt64
    /// The daemon's heartbeat interval in milliseconds, so readers know when it counts as silent; nil if unknown.
    public var intervalMilliseconds: UInt64?

    /// Creates a report.
    public init(
        daemon: String,
        outcome: CommandOutcome? = nil,
        state: [String: ModelServingState],
        issuedMilliseconds: UInt64 = ControlClock.nowMilliseconds(),
        intervalMilliseconds: UInt64? = nil
    ) {
        self.daemon = daemon
        self.outcome = outcome
        self.state = state
        self.issuedMilliseconds = issuedMilliseconds
        self.intervalMilliseconds = intervalMilliseconds
    }

    /// The entry's fields.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [("type", "report"), ("daemon", daemon)]
        if let outcome {
            fields.append(("command_id", outcome.commandID))
            fields.append(("outcome", outcome.succeeded ? "ok" : "failed"))
            fields.append(("message", outcome.message))
        }
        fields.append(("state", Self.stateJSON(state)))
        fields.append(("issued_ms", String(issuedMilliseconds)))
        if let intervalMilliseconds { fields.append(("interval_ms", String(intervalMilliseconds))) }
        return fields
    }

    /// Reads a report from an entry's fields (which must have `type=report`).
    public init(fields pairs: [(name: String, value: String)]) throws(ControlEntryError) {
        try self.init(ControlFields(pairs))
    }

    init(_ fields: ControlFields) throws(ControlEntryError) {
        let type = try fields.required("type")
        guard type == "report" else { throw .unknownType(type) }
        var outcome: CommandOutcome?
        if let commandID = fields.optional("command_id") {
            let text = try fields.required("outcome")
            guard text == "ok" || text == "failed" else {
                throw .invalidField(name: "outcome", value: text, expected: "ok or failed")
            }
            outcome = CommandOutcome(commandID: commandID, succeeded: text == "ok", message: fields.optional("message") ?? "")
        }
        let interval = try fields.optionalInt("interval_ms", in: 1...Int.max)
        self.init(
            daemon: try fields.required("daemon"),
            outcome: outcome,
            state: try Self.state(json: try fields.required("state")),
            issuedMilliseconds: try fields.milliseconds("issued_ms"),
            intervalMilliseconds: interval.map { UInt64($0) }
        )
    }

    /// The `state` field's JSON, keys sorted so equal states encode equally.
    public static func stateJSON(_ state: [String: ModelServingState]) -> String {
        var object: [String: Any] = [:]
        for (model, serving) in state {
            var entry: [String: Any] = ["version": serving.version, "since_ms": serving.sinceMilliseconds]
            if let canary = serving.canary { entry["canary"] = routeObject(canary) }
            if let shadow = serving.shadow { entry["shadow"] = routeObject(shadow) }
            object[model] = entry
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses the `state` field's JSON.
    public static func state(json: String) throws(ControlEntryError) -> [String: ModelServingState] {
        let invalid = ControlEntryError.invalidField(
            name: "state",
            value: json,
            expected: #"a JSON object {"MODEL":{"version":N,"since_ms":N[,"canary":{…}]}}"#
        )
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { throw invalid }
        var state: [String: ModelServingState] = [:]
        for (model, value) in object {
            guard let entry = value as? [String: Any], let version = integer(entry["version"]),
                let since = integer(entry["since_ms"])
            else { throw invalid }
            var serving = ModelServingState(version: version, sinceMilliseconds: UInt64(max(0, since)))
            if let canaryValue = entry["canary"] {
                guard let canary = route(canaryValue) else { throw invalid }
                serving.canary = canary
            }
            if let shadowValue = entry["shadow"] {
                guard let shadow = route(shadowValue) else { throw invalid }
                serving.shadow = shadow
            }
            state[model] = serving
        }
        return state
    }

    /// A canary or shadow as `{"version":N,"percent":N,"since_ms":N}`.
    private static func routeObject(_ route: CanaryState) -> [String: Any] {
        ["version": route.version, "percent": route.percent, "since_ms": route.sinceMilliseconds]
    }

    private static func route(_ value: Any) -> CanaryState? {
        guard let object = value as? [String: Any], let version = integer(object["version"]),
            let percent = integer(object["percent"]), let since = integer(object["since_ms"])
        else { return nil }
        return CanaryState(version: version, percent: percent, sinceMilliseconds: UInt64(max(0, since)))
    }

    private static func integer(_ value: Any?) -> Int? {
        // JSONSerialization hands numbers over as NSNumber; `as? Int` succeeds only for exact integers.
        (value as? NSNumber).flatMap { $0 as? Int }
    }
}
