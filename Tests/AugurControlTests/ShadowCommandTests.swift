import AugurControl
import Testing

@Suite("Control commands: shadows")
struct ShadowCommandTests {
    @Test("shadow commands survive encoding to fields and parsing back, with the share as `share`")
    func roundTrip() throws {
        let start = ControlCommand.shadow("m", version: 4, sharePercent: 25)
        #expect(start.fields.contains { $0.name == "share" && $0.value == "25" })
        #expect(try ControlCommand(fields: start.fields) == start)
        let stop = ControlCommand.shadow("m", version: nil)
        #expect(!stop.fields.contains { $0.name == "share" })
        #expect(try ControlCommand(fields: stop.fields) == stop)
    }

    @Test("a share without a version, or on another operation, is refused")
    func malformed() {
        let base: [(name: String, value: String)] = [("type", "command"), ("model", "m"), ("command_id", "c"), ("issued_ms", "1")]
        #expect(throws: ControlEntryError.self) { try ControlCommand(fields: base + [("op", "shadow"), ("share", "10")]) }
        #expect(throws: ControlEntryError.self) { try ControlCommand(fields: base + [("op", "shadow"), ("version", "2")]) }
        #expect(throws: ControlEntryError.self) {
            try ControlCommand(fields: base + [("op", "activate"), ("version", "2"), ("share", "10")])
        }
    }

    @Test("the fold keeps the shadow until it is ended, promoted, or its version becomes stable")
    func fold() {
        var state = ControlState(commands: [.activate("m", version: 1), .shadow("m", version: 2, sharePercent: 10)])
        #expect(state.models["m"]?.shadow == .init(version: 2, percent: 10))
        state.apply(.promote("m"))
        #expect(state.models["m"]?.stable == 2 && state.models["m"]?.shadow == nil)
        state.apply(.shadow("m", version: 3, sharePercent: 5))
        state.apply(.shadow("m", version: nil))
        #expect(state.models["m"]?.shadow == nil && state.models["m"]?.stable == 2)
        state.apply(.shadow("m", version: 4, sharePercent: 5))
        state.apply(.activate("m", version: 4))
        #expect(state.models["m"]?.shadow == nil && state.models["m"]?.stable == 4)
    }
}
