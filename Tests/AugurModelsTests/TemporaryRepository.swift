import AugurModels
import Foundation

/// A model repository in a fresh temporary directory, removed when the value is deinitialised.
final class TemporaryRepository: @unchecked Sendable {
    let directory: String
    let repository: ModelRepository

    init() throws {
        directory = NSTemporaryDirectory() + "augur-models-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        repository = ModelRepository(directory: directory)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Publishes `Y = X + version` models as versions 1...count of `name`.
    func publishAddModels(_ name: String, versions: ClosedRange<Int>, width: Int = 4, constantShape: [Int] = [1]) throws {
        for version in versions {
            let data = ONNXTestModels.addConstant(Float(version), width: width, constantShape: constantShape)
            _ = try repository.publish(modelData: data, name: name, options: PublishOptions(version: version))
        }
    }

    /// Entries of a model's directory (including hidden staging directories).
    func entries(of name: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + name))?.sorted() ?? []
    }
}
