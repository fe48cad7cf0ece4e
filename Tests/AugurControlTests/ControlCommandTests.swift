import AugurControl
import Testing

@Suite("Control commands: stream fields")
struct ControlCommandTests {
    @Test("every command survives encoding to fields and parsing back")
    func roundTrip() throws {
        let commands: [ControlCommand] = [
            .activate("m", version: 3), .activate("m", version: 4, canaryPercent: 10), .rollback("m", to: nil),
            .rollback("m", to: 2), .promote("m"),
        ]
        for command in commands {
            #expect(try ControlCommand(fields: command.fields) == command)
        }
    }

    @Test("fields follow the contract's names")
    func fieldNames() {
        let command = ControlCommand(
            operation: .activate,
            model: "m",
            version: 4,
            canaryPercent: 10,
            commandID: "c1",
            issuedMilliseconds: 77
        )
        let fields = command.fields.map { "\($0.name)=\($0.value)" }
        #expect(fields == ["type=command", "op=activate", "model=m", "version=4", "canary=10", "command_id=c1", "issued_ms=77"])
    }

    @Test("malformed commands are refused with the field at fault")
    func malformed() {
        let base: [(name: String, value: String)] = [("type", "command"), ("model", "m"), ("command_id", "c"), ("issued_ms", "1")]
        let cases: [([(name: String, value: String)], ControlEntryError)] = [
            (base + [("op", "explode")], .unknownOperation("explode")),
            (base + [("op", "activate")], .missingField("version")),
            (
                base + [("op", "activate"), ("version", "two")],
                .invalidField(name: "version", value: "two", expected: "an integer in 1…\(Int.max)")
            ),
            (
                base + [("op", "activate"), ("version", "2"), ("canary", "0")],
                .invalidField(name: "canary", value: "0", expected: "an integer in 1…100")
            ),
            (
                base + [("op", "promote"), ("version", "2")],
                .invalidField(
                    name: "version",
                    value: "2",
                    expected: "neither version nor canary on promote (it promotes the canary in progress)"
                )
            ),
            ([("type", "command"), ("op", "promote"), ("command_id", "c"), ("issued_ms", "1")], .missingField("model")),
            ([("type", "gossip")], .unknownType("gossip")),
            (
                base.filter { $0.name != "issued_ms" } + [("op", "promote"), ("issued_ms", "soon")],
                .invalidField(name: "issued_ms", value: "soon", expected: "Unix milliseconds")
            ),
        ]
        for (fields, expected) in cases {
            #expect(throws: expected) { try ControlCommand(fields: fields) }
        }
    }
}
