import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model host: canary serving")
struct ModelHostCanaryTests {
    /// A host serving `adder` version `stable` from versions 1...3, with a canary of `canary` at `percent`.
    private func hostWithCanary(
        stable: Int = 1,
        canary: Int = 2,
        percent: Int = 10,
        events: Shared<[ModelHostEvent]>? = nil
    ) async throws -> (TemporaryRepository, ModelHost) {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...3)
        let host = ModelHost(repository: temp.repository, configuration: .init(warmUpRuns: 0), logger: quietLogger) { event in
            events?.update { $0.append(event) }
        }
        try await host.serve("adder", policy: .pinned(stable))
        try await host.startCanary(model: "adder", version: canary, percent: percent)
        return (temp, host)
    }

    @Test("a 10% canary gets roughly a tenth of 20,000 unpinned requests")
    func shareIsHonoured() async throws {
        let (temp, host) = try await hostWithCanary(percent: 10)
        var canaryCount = 0
        for _ in 0..<20_000 where try host.resolve("adder").version == 2 { canaryCount += 1 }
        #expect((1_000...3_000).contains(canaryCount))
        withExtendedLifetime(temp) {}
    }

    @Test("predictions on the canary are computed by the canary version")
    func canaryComputes() async throws {
        let (temp, host) = try await hostWithCanary(percent: 100)
        let prediction = try host.predict(model: "adder", inputs: zerosInput())
        #expect(prediction.version == 2)
        #expect(outputValues(prediction.outputs) == [2])
        withExtendedLifetime(temp) {}
    }

    @Test("a request naming the stable or the canary version gets exactly it; any other version fails")
    func explicitVersions() async throws {
        let (temp, host) = try await hostWithCanary(percent: 50)
        for _ in 0..<200 {
            #expect(try host.resolve("adder", version: 1).version == 1)
            #expect(try host.resolve("adder", version: 2).version == 2)
        }
        #expect(throws: ModelHostError.versionNotActive(model: "adder", requested: 3, active: 1)) {
            try host.resolve("adder", version: 3)
        }
        withExtendedLifetime(temp) {}
    }

    @Test("promoting makes the canary the stable version, pinned, and ends the canary")
    func promote() async throws {
        let (temp, host) = try await hostWithCanary(percent: 10)
        try host.promoteCanary(model: "adder")
        #expect(host.servingState()["adder"]?.version == 2)
        #expect(host.servingState()["adder"]?.canary == nil)
        #expect(host.policies()["adder"] == .pinned(2))
        for _ in 0..<1_000 { #expect(try host.resolve("adder").version == 2) }
        withExtendedLifetime(temp) {}
    }

    @Test("promoting without a canary throws noCanary and changes nothing")
    func promoteWithoutCanary() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("adder", policy: .pinned(1))
        #expect(throws: ModelHostError.noCanary(model: "adder")) { try host.promoteCanary(model: "adder") }
        #expect(host.activeVersions() == ["adder": 1])
    }

    @Test("ending a canary sends every request to the untouched stable version")
    func end() async throws {
        let (temp, host) = try await hostWithCanary(percent: 90)
        let before = host.servingState()["adder"]
        host.endCanary(model: "adder")
        #expect(host.servingState()["adder"]?.canary == nil)
        #expect(host.servingState()["adder"]?.sinceMilliseconds == before?.sinceMilliseconds)
        for _ in 0..<1_000 { #expect(try host.resolve("adder").version == 1) }
        withExtendedLifetime(temp) {}
    }

    @Test("a canary that fails to load leaves the stable version and the running canary untouched")
    func failedCanaryLoad() async throws {
        let (temp, host) = try await hostWithCanary(percent: 10)
        let before = host.servingState()
        await #expect(throws: ModelHostError.self) { try await host.startCanary(model: "adder", version: 42, percent: 20) }
        #expect(host.servingState() == before)
        #expect(try host.resolve("adder", version: 1).version == 1)
        withExtendedLifetime(temp) {}
    }

    @Test("serving a pinned version ends the canary")
    func servingEndsCanary() async throws {
        let (temp, host) = try await hostWithCanary(percent: 50)
        try await host.serve("adder", policy: .pinned(3))
        #expect(host.servingState()["adder"]?.version == 3)
        #expect(host.servingState()["adder"]?.canary == nil)
        for _ in 0..<1_000 { #expect(try host.resolve("adder").version == 3) }
        withExtendedLifetime(temp) {}
    }

    @Test("activating the canary's version swaps the canary in without loading it again")
    func activatingCanaryVersionReusesIt() async throws {
        let events = Shared<[ModelHostEvent]>([])
        let (temp, host) = try await hostWithCanary(percent: 10, events: events)
        try await host.serve("adder", policy: .pinned(2))
        let loadsOfTwo = events.current.filter { $0 == .loadStarted(model: "adder", version: 2) }.count
        #expect(loadsOfTwo == 1)
        #expect(host.servingState()["adder"]?.version == 2)
        #expect(host.servingState()["adder"]?.canary == nil)
        withExtendedLifetime(temp) {}
    }

    @Test("starting the same canary again only changes its share")
    func sameCanaryNewShare() async throws {
        let events = Shared<[ModelHostEvent]>([])
        let (temp, host) = try await hostWithCanary(percent: 10, events: events)
        let since = host.servingState()["adder"]?.canary?.sinceMilliseconds
        try await host.startCanary(model: "adder", version: 2, percent: 30)
        #expect(host.servingState()["adder"]?.canary == CanaryState(version: 2, percent: 30, sinceMilliseconds: since ?? 0))
        #expect(events.current.filter { $0 == .loadStarted(model: "adder", version: 2) }.count == 1)
        withExtendedLifetime(temp) {}
    }

    @Test("the serving state records when the stable version and the canary became active")
    func sinceTimes() async throws {
        let start = UInt64(Date().timeIntervalSince1970 * 1000)
        let (temp, host) = try await hostWithCanary(percent: 10)
        let end = UInt64(Date().timeIntervalSince1970 * 1000)
        let state = try #require(host.servingState()["adder"])
        let canary = try #require(state.canary)
        #expect((start...end).contains(state.sinceMilliseconds))
        #expect((state.sinceMilliseconds...end).contains(canary.sinceMilliseconds))
        #expect(canary.version == 2 && canary.percent == 10)
        withExtendedLifetime(temp) {}
    }

    @Test("a canary share outside 1…100, the stable version as canary, or an unloaded model is refused")
    func invalidCanaries() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        await #expect(throws: ModelHostError.modelNotLoaded(model: "adder")) {
            try await host.startCanary(model: "adder", version: 2, percent: 10)
        }
        try await host.serve("adder", policy: .pinned(1))
        for (version, percent) in [(2, 0), (2, 101), (1, 10)] {
            await #expect(throws: ModelHostError.self) { try await host.startCanary(model: "adder", version: version, percent: percent) }
        }
        #expect(host.servingState()["adder"]?.canary == nil)
    }

    @Test("a canary pins the policy, so polling for newer versions leaves the stable version alone")
    func canaryPinsPolicy() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("adder", policy: .latest)
        #expect(host.activeVersions()["adder"] == 2)
        try temp.publishAddModels("adder", versions: 3...3)
        try await host.startCanary(model: "adder", version: 3, percent: 10)
        await host.refresh()
        #expect(host.servingState()["adder"]?.version == 2)
        #expect(host.servingState()["adder"]?.canary?.version == 3)
        #expect(host.policies()["adder"] == .pinned(2))
    }
}
