import AugurModels
import AugurRuntime
import Foundation
import Testing

@Suite("Model repository: listing and showing")
struct ModelRepositoryReadingTests {
    @Test("modelNames lists published models sorted and ignores other entries")
    func listsModels() throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("zeta", versions: 1...1)
        try temp.publishAddModels("alpha", versions: 1...2)
        try FileManager.default.createDirectory(atPath: temp.directory + "/empty/.staging-x", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: temp.directory + "/alpha/007", withIntermediateDirectories: true)
        #expect(try temp.repository.modelNames() == ["alpha", "zeta"])
        #expect(try temp.repository.versions(of: "alpha") == [1, 2])
        #expect(try temp.repository.latestVersion(of: "alpha") == 2)
    }

    @Test("show reads the manifest with declared inputs and outputs")
    func showsManifest() throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...1, width: 6)
        let manifest = try temp.repository.manifest(for: ModelReference(parsing: "adder"))
        #expect(manifest.inputs == [TensorSpec(name: "X", datatype: "FP32", shape: [-1, 6])])
        #expect(manifest.outputs.map(\.name) == ["Y"])
        #expect(manifest.producer == "augur-tests")
        #expect(manifest.opsets == ["ai.onnx": 17])
    }

    @Test("a missing version names the versions that exist")
    func missingVersion() throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...2)
        #expect(throws: ModelRepositoryError.versionNotFound(name: "adder", version: 9, available: [1, 2])) {
            try temp.repository.manifest(name: "adder", version: 9)
        }
        #expect(throws: ModelRepositoryError.modelNotFound(name: "nobody", repository: temp.directory)) {
            try temp.repository.versions(of: "nobody")
        }
    }

    @Test("a model file changed after publishing fails its checksum")
    func detectsTamperedFile() throws {
        let temp = try TemporaryRepository()
        try temp.publishAddModels("adder", versions: 1...1)
        let manifest = try temp.repository.manifest(name: "adder", version: 1)
        let path = temp.repository.versionDirectory(name: "adder", version: 1) + "/model.onnx"
        try Data(ONNXTestModels.addConstant(42)).write(to: URL(fileURLWithPath: path))
        #expect(throws: ModelRepositoryError.self) { try temp.repository.modelData(for: manifest) }
    }

    @Test("model references parse NAME and NAME:VERSION and refuse bad versions")
    func parsesReferences() throws {
        #expect(try ModelReference(parsing: "iris") == ModelReference(name: "iris"))
        #expect(try ModelReference(parsing: "iris:12") == ModelReference(name: "iris", version: 12))
        #expect(throws: ModelRepositoryError.invalidVersion("0")) { try ModelReference(parsing: "iris:0") }
        #expect(throws: ModelRepositoryError.invalidVersion("x")) { try ModelReference(parsing: "iris:x") }
    }
}
