import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model repository: publishing")
struct ModelRepositoryPublishTests {
    @Test("a valid model is published as version 1 with model.onnx and model.json")
    func publishesFirstVersion() throws {
        let temp = try TemporaryRepository()
        let manifest = try temp.repository.publish(modelData: ONNXTestModels.addConstant(1), name: "adder")
        #expect(manifest.version == 1)
        #expect(temp.entries(of: "adder") == ["1"])
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.repository.versionDirectory(name: "adder", version: 1))
        #expect(files.sorted() == ["model.json", "model.onnx"])
    }

    @Test("publishing without a version takes the highest existing version plus one")
    func versionsIncrement() throws {
        let temp = try TemporaryRepository()
        let repository = temp.repository
        _ = try repository.publish(modelData: ONNXTestModels.addConstant(1), name: "adder")
        _ = try repository.publish(modelData: ONNXTestModels.addConstant(7), name: "adder", options: PublishOptions(version: 7))
        let next = try repository.publish(modelData: ONNXTestModels.addConstant(8), name: "adder")
        #expect(next.version == 8)
        #expect(try repository.versions(of: "adder") == [1, 7, 8])
    }

    @Test("garbage bytes are refused with the loader's reason and leave no version or staging directory")
    func refusesGarbage() throws {
        let temp = try TemporaryRepository()
        let garbage: [UInt8] = (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let error = #expect(throws: ModelRepositoryError.self) {
            try temp.repository.publish(modelData: garbage, name: "junk")
        }
        guard case .invalidModel(let reason)? = error else {
            Issue.record("expected invalidModel, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("does not load"))
        #expect(temp.entries(of: "junk").isEmpty)
        #expect((try? temp.repository.versions(of: "junk")) == nil)
    }

    @Test("a model with an unsupported operator is refused naming the operator")
    func refusesUnsupportedOperator() throws {
        let temp = try TemporaryRepository()
        let error = #expect(throws: ModelRepositoryError.self) {
            try temp.repository.publish(modelData: ONNXTestModels.unsupportedOperator(), name: "mystery")
        }
        #expect(error?.description.contains("ai.onnx::FrobnicateTensor") == true)
        #expect(temp.entries(of: "mystery").isEmpty)
    }

    @Test("publishing an existing version explicitly fails with versionExists")
    func refusesExistingVersion() throws {
        let temp = try TemporaryRepository()
        _ = try temp.repository.publish(modelData: ONNXTestModels.addConstant(1), name: "adder")
        #expect(throws: ModelRepositoryError.versionExists(name: "adder", version: 1)) {
            try temp.repository.publish(
                modelData: ONNXTestModels.addConstant(2), name: "adder", options: PublishOptions(version: 1))
        }
        #expect(temp.entries(of: "adder") == ["1"])
    }

    @Test("concurrent publishes of the same version: exactly one wins, the others get versionExists")
    func concurrentPublishOneWins() async throws {
        let temp = try TemporaryRepository()
        let repository = temp.repository
        let results = await withTaskGroup(of: Result<Int, ModelRepositoryError>.self) { group in
            for i in 0..<6 {
                group.addTask {
                    do {
                        let manifest = try repository.publish(
                            modelData: ONNXTestModels.addConstant(Float(i)), name: "race", options: PublishOptions(version: 3))
                        return .success(manifest.version)
                    } catch let error as ModelRepositoryError {
                        return .failure(error)
                    } catch {
                        return .failure(.invalidModel(reason: "\(error)"))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let wins = results.filter { if case .success = $0 { true } else { false } }
        let losses = results.filter { if case .failure(.versionExists(name: "race", version: 3)) = $0 { true } else { false } }
        #expect(wins.count == 1)
        #expect(losses.count == 5)
        #expect(temp.entries(of: "race") == ["3"])
    }

    @Test("concurrent publishes without a version all succeed with distinct versions")
    func concurrentAutoVersions() async throws {
        let temp = try TemporaryRepository()
        let repository = temp.repository
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<5 {
                group.addTask { try repository.publish(modelData: ONNXTestModels.addConstant(Float(i)), name: "auto").version }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions.sorted() == [1, 2, 3, 4, 5])
    }

    @Test("the manifest's sha256 is the SHA-256 of the published model file")
    func sha256MatchesFile() throws {
        let temp = try TemporaryRepository()
        let data = ONNXTestModels.addConstant(5)
        let manifest = try temp.repository.publish(modelData: data, name: "adder")
        let path = temp.repository.versionDirectory(name: "adder", version: 1) + "/model.onnx"
        let stored = try #require(FileManager.default.contents(atPath: path))
        #expect(manifest.sha256 == ModelDigest.sha256Hex(stored))
        #expect(manifest.sizeBytes == data.count)
        #expect(ModelDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("an invalid model name is refused before anything is written")
    func refusesBadName() throws {
        let temp = try TemporaryRepository()
        #expect(throws: ModelRepositoryError.invalidName("../escape")) {
            try temp.repository.publish(modelData: ONNXTestModels.addConstant(1), name: "../escape")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.directory).isEmpty)
    }
}
