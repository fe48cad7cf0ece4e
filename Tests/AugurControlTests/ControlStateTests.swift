import AugurControl
import Testing

@Suite("Control state: the fold of commands")
struct ControlStateTests {
    @Test("activate sets the stable version and ends a canary; activate with a share starts a canary")
    func activate() {
        var state = ControlState(commands: [.activate("m", version: 1), .activate("m", version: 2, canaryPercent: 10)])
        #expect(state.models["m"] == ControlState.Model(stable: 1, canary: .init(version: 2, percent: 10), history: [1]))
        state.apply(.activate("m", version: 3))
        #expect(state.models["m"] == ControlState.Model(stable: 3, canary: nil, history: [1, 3]))
    }

    @Test("promote makes the canary stable; without a canary it changes nothing")
    func promote() {
        var state = ControlState(commands: [.activate("m", version: 1), .promote("m")])
        #expect(state.models["m"] == ControlState.Model(stable: 1, history: [1]))
        state.apply(.activate("m", version: 2, canaryPercent: 50))
        state.apply(.promote("m"))
        #expect(state.models["m"] == ControlState.Model(stable: 2, history: [1, 2]))
    }

    @Test("rollback without a version ends the canary; with one it steps back in the history")
    func rollback() {
        var state = ControlState(commands: [
            .activate("m", version: 1), .activate("m", version: 2), .activate("m", version: 3, canaryPercent: 5), .rollback("m", to: nil),
        ])
        #expect(state.models["m"] == ControlState.Model(stable: 2, history: [1, 2]))
        state.apply(.rollback("m", to: 1))
        #expect(state.models["m"] == ControlState.Model(stable: 1, history: [1]))
    }

    @Test("models are kept apart and listed in the order commands first named them")
    func order() {
        let state = ControlState(commands: [.activate("b", version: 1), .activate("a", version: 4), .activate("b", version: 2)])
        #expect(state.order == ["b", "a"])
        #expect(state.models["a"]?.stable == 4)
        #expect(state.models["b"]?.stable == 2)
    }
}
