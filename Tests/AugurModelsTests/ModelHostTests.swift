import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model host: loading, policies and failures")
struct ModelHostTests {
    @Test("serving with the latest policy activates the highest published version")
    func servesLatest() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...3)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        let loaded = try await host.serve("adder")
        #expect(loaded.version == 3)
        let prediction = try host.predict(model: "adder", inputs: zerosInput())
        #expect(prediction.version == 3)
        #expect(outputValues(prediction.outputs) == [3])
    }

    @Test("a pinned model stays on its version when newer ones appear; a latest one moves on refresh")
    func pinnedVersusLatest() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("pinned", versions: 1...2)
        try temp.publishAddModels("moving", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("pinned", policy: .pinned(1))
        try await host.serve("moving", policy: .latest)
        try temp.publishAddModels("pinned", versions: 3...3)
        try temp.publishAddModels("moving", versions: 3...3)
        await host.refresh()
        #expect(host.activeVersions() == ["pinned": 1, "moving": 3])
        #expect(host.policies() == ["pinned": .pinned(1), "moving": .latest])
        #expect(outputValues(try host.predict(model: "moving", inputs: zerosInput()).outputs) == [3])
    }

    @Test("changing a pinned model to latest moves it to the newest version")
    func unpinning() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...4)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("adder", policy: .pinned(2))
        #expect(host.activeVersions()["adder"] == 2)
        try await host.serve("adder", policy: .latest)
        #expect(host.activeVersions()["adder"] == 4)
    }

    @Test("a version that fails to load leaves the serving version untouched and throws loadFailed")
    func failedLoadKeepsOldVersion() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let path = temp.repository.versionDirectory(name: "adder", version: 2) + "/model.onnx"
        try Data([0xde, 0xad, 0xbe, 0xef]).write(to: URL(fileURLWithPath: path))
        let events = Shared<[ModelHostEvent]>([])
        let host = ModelHost(repository: temp.repository, logger: quietLogger) { event in events.update { $0.append(event) } }
        try await host.serve("adder", policy: .pinned(1))
        await #expect(throws: ModelHostError.self) { try await host.activate(model: "adder", version: 2) }
        #expect(host.activeVersions()["adder"] == 1)
        #expect(outputValues(try host.predict(model: "adder", inputs: zerosInput()).outputs) == [1])
        #expect(events.current.contains { if case .loadFailed(model: "adder", version: 2, _) = $0 { true } else { false } })
    }

    @Test("a failing latest version is not swapped in by refresh and the old one keeps serving")
    func refreshSkipsBrokenVersion() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("adder")
        try FileManager.default.copyItem(
            atPath: temp.repository.versionDirectory(name: "adder", version: 2),
            toPath: temp.repository.versionDirectory(name: "adder", version: 3))
        await host.refresh()
        #expect(host.activeVersions()["adder"] == 2)
    }

    @Test("a replaced version is released only after the last in-flight holder lets go")
    func releasedAfterDrain() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let events = Shared<[ModelHostEvent]>([])
        let host = ModelHost(repository: temp.repository, logger: quietLogger) { event in events.update { $0.append(event) } }
        try await host.serve("adder", policy: .pinned(1))
        var inFlight: LoadedModel? = try host.resolve("adder")
        try await host.activate(model: "adder", version: 2)
        #expect(!events.current.contains(.released(model: "adder", version: 1)))
        #expect(outputValues(try inFlight!.predict(zerosInput())) == [1])
        inFlight = nil
        #expect(events.current.contains(.released(model: "adder", version: 1)))
    }

    @Test("loads run on the dedicated loader thread, not the caller's")
    func loadsOffCallerThread() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...1)
        let threads = Shared<[String]>([])
        let host = ModelHost(repository: temp.repository, logger: quietLogger) { event in
            if case .loadStarted = event { threads.update { $0.append(Thread.current.name ?? "") } }
        }
        try await host.serve("adder")
        #expect(threads.current == ["augur-loader"])
    }

    @Test("a new version is warmed up before it serves")
    func warmedUpBeforeSwap() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...1)
        let host = ModelHost(repository: temp.repository, configuration: .init(warmUpRuns: 5), logger: quietLogger)
        let loaded = try await host.serve("adder")
        #expect(loaded.warmUpRuns == 5)
    }

    @Test("predicting on a model that is not loaded fails without loading it")
    func notLoaded() throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...1)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        #expect(throws: ModelHostError.modelNotLoaded(model: "adder")) {
            try host.predict(model: "adder", inputs: zerosInput())
        }
        #expect(host.activeVersions().isEmpty)
    }

    @Test("asking for a version other than the active one fails with versionNotActive")
    func wrongVersion() async throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        let host = ModelHost(repository: temp.repository, logger: quietLogger)
        try await host.serve("adder")
        #expect(throws: ModelHostError.versionNotActive(model: "adder", requested: 1, active: 2)) {
            try host.predict(model: "adder", version: 1, inputs: zerosInput())
        }
    }
}
