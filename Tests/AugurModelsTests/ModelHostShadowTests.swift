import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model host: shadow versions")
struct ModelHostShadowTests {
    /// A host serving `adder` version 1 from versions 1...3, with version `shadow` shadowing `percent`% of calls.
    private func hostWithShadow(shadow: Int = 2, percent: Int = 10) async throws -> (TemporaryRepository, ModelHost) {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...3)
        let host = ModelHost(repository: temp.repository, configuration: .init(warmUpRuns: 0), logger: quietLogger)
        try await host.serve("adder", policy: .pinned(1))
        try await host.startShadow(model: "adder", version: shadow, percent: percent)
        return (temp, host)
    }

    @Test("a 10% shadow is drawn for roughly a tenth of 20,000 stable calls and never answers a request")
    func shareIsHonouredAndRequestsStayOnStable() async throws {
        let (temp, host) = try await hostWithShadow(percent: 10)
        var drawn = 0
        for _ in 0..<20_000 where host.shadow(of: "adder", primary: 1)?.version == 2 { drawn += 1 }
        #expect((1_000...3_000).contains(drawn))
        for _ in 0..<1_000 { #expect(try host.resolve("adder").version == 1) }
        #expect(host.servingState()["adder"]?.shadow?.version == 2)
        withExtendedLifetime(temp) {}
    }

    @Test("calls on a version other than the stable one are not shadowed")
    func onlyStableCallsAreShadowed() async throws {
        let (temp, host) = try await hostWithShadow(shadow: 3, percent: 100)
        #expect(host.shadow(of: "adder", primary: 1)?.version == 3)
        #expect(host.shadow(of: "adder", primary: 2) == nil)
        withExtendedLifetime(temp) {}
    }

    @Test("promoting makes the shadow the stable version and ends the shadow")
    func promote() async throws {
        let (temp, host) = try await hostWithShadow()
        try host.promoteShadow(model: "adder")
        #expect(host.servingState()["adder"]?.version == 2)
        #expect(host.servingState()["adder"]?.shadow == nil)
        #expect(throws: ModelHostError.noShadow(model: "adder")) { try host.promoteShadow(model: "adder") }
        withExtendedLifetime(temp) {}
    }

    @Test("a shadow of the stable version, or with a share outside 1…100, is refused")
    func invalidShadowsRefused() async throws {
        let (temp, host) = try await hostWithShadow()
        await #expect(throws: ModelHostError.self) { try await host.startShadow(model: "adder", version: 1, percent: 10) }
        await #expect(throws: ModelHostError.self) { try await host.startShadow(model: "adder", version: 3, percent: 0) }
        #expect(host.servingState()["adder"]?.shadow?.version == 2)
        host.endShadow(model: "adder")
        #expect(host.servingState()["adder"]?.shadow == nil)
        withExtendedLifetime(temp) {}
    }
}
