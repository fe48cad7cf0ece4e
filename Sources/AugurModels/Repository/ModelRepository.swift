import Foundation

/// A directory of published models: `<root>/<name>/<version>/model.onnx` plus `model.json`.
///
/// Versions are positive integers; a version directory appears only once complete (publishing writes
/// into `<name>/.staging-<uuid>/` and renames it), so readers never see a half-written version.
/// Anything else in the tree (staging directories, stray files) is ignored.
public struct ModelRepository: Sendable {
    /// The repository's root directory.
    public let directory: String

    /// Opens the repository at `directory` (which need not exist yet: it is created on first publish).
    public init(directory: String) {
        self.directory = directory
    }

    /// The directory holding every version of `name`.
    public func modelDirectory(name: String) -> String {
        directory + "/" + name
    }

    /// The directory of one version.
    public func versionDirectory(name: String, version: Int) -> String {
        modelDirectory(name: name) + "/" + String(version)
    }

    /// The path of a version's manifest (`model.json`).
    public func manifestPath(name: String, version: Int) -> String {
        versionDirectory(name: name, version: version) + "/" + ModelManifest.fileName
    }

    /// Names of the models that have at least one version, sorted.
    public func modelNames() throws(ModelRepositoryError) -> [String] {
        try entries(of: directory).filter { name in
            ModelName.isValid(name) && !((try? versions(of: name))?.isEmpty ?? true)
        }.sorted()
    }

    /// The published versions of `name`, ascending. Throws `modelNotFound` when there is none.
    public func versions(of name: String) throws(ModelRepositoryError) -> [Int] {
        try ModelName.validate(name)
        let found = try publishedVersions(of: name)
        guard !found.isEmpty else { throw .modelNotFound(name: name, repository: directory) }
        return found
    }

    /// The highest published version of `name`, or nil when the model has none.
    public func latestVersion(of name: String) throws(ModelRepositoryError) -> Int? {
        try ModelName.validate(name)
        return try publishedVersions(of: name).last
    }

    /// Reads one version's manifest.
    public func manifest(name: String, version: Int) throws(ModelRepositoryError) -> ModelManifest {
        try ModelName.validate(name)
        let path = manifestPath(name: name, version: version)
        guard let data = FileManager.default.contents(atPath: path) else {
            let available = (try? publishedVersions(of: name)) ?? []
            if available.isEmpty { throw .modelNotFound(name: name, repository: directory) }
            throw .versionNotFound(name: name, version: version, available: available)
        }
        let manifest: ModelManifest
        do {
            manifest = try ModelManifest.decode(from: data)
        } catch {
            throw .invalidManifest(path: path, reason: "\(error)")
        }
        guard manifest.name == name, manifest.version == version else {
            throw .invalidManifest(
                path: path, reason: "it describes '\(manifest.name)' version \(manifest.version), not '\(name)' version \(version)")
        }
        return manifest
    }

    /// Reads the manifest a reference points at: the given version, or the latest.
    public func manifest(for reference: ModelReference) throws(ModelRepositoryError) -> ModelManifest {
        if let version = reference.version { return try manifest(name: reference.name, version: version) }
        guard let latest = try latestVersion(of: reference.name) else {
            throw .modelNotFound(name: reference.name, repository: directory)
        }
        return try manifest(name: reference.name, version: latest)
    }

    /// Reads a version's model bytes and checks them against the manifest's SHA-256.
    public func modelData(for manifest: ModelManifest) throws(ModelRepositoryError) -> [UInt8] {
        let path = versionDirectory(name: manifest.name, version: manifest.version) + "/" + manifest.modelFile
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableModelFile(path: path, reason: "missing or unreadable")
        }
        let actual = ModelDigest.sha256Hex(data)
        guard actual == manifest.sha256 else {
            throw .checksumMismatch(path: path, expected: manifest.sha256, actual: actual)
        }
        return [UInt8](data)
    }

    func publishedVersions(of name: String) throws(ModelRepositoryError) -> [Int] {
        let modelDirectory = modelDirectory(name: name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: modelDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return []
        }
        return try entries(of: modelDirectory).compactMap { entry in
            guard let version = ModelName.parseVersion(Substring(entry)) else { return nil }
            let manifest = modelDirectory + "/" + entry + "/" + ModelManifest.fileName
            return FileManager.default.fileExists(atPath: manifest) ? version : nil
        }.sorted()
    }

    private func entries(of path: String) throws(ModelRepositoryError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw .io(operation: "listing", path: path, reason: "not a directory") }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .io(operation: "listing", path: path, reason: "\(error)")
        }
    }
}
