/// Everything that can go wrong reading or publishing to a model repository; each message says what to do.
public enum ModelRepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A model name that is not a plain directory name.
    case invalidName(String)
    /// A version that is not a positive integer.
    case invalidVersion(String)
    /// Publishing a version that already exists (another publish won the race, or it was published before).
    case versionExists(name: String, version: Int)
    /// No model of that name in the repository.
    case modelNotFound(name: String, repository: String)
    /// The model exists but not in that version.
    case versionNotFound(name: String, version: Int, available: [Int])
    /// The model file to publish cannot be read.
    case unreadableModelFile(path: String, reason: String)
    /// The model failed validation (load or sample run); nothing was published.
    case invalidModel(reason: String)
    /// A version's `model.json` is missing or not a valid manifest.
    case invalidManifest(path: String, reason: String)
    /// The model file's SHA-256 does not match the one recorded in its manifest.
    case checksumMismatch(path: String, expected: String, actual: String)
    /// The reference sample for monitoring statistics is unusable.
    case invalidReferenceSample(String)
    /// A file-system operation failed.
    case io(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "invalid model name '\(name)': use letters, digits, '.', '_' or '-', starting with a letter or digit (at most 128)"
        case .invalidVersion(let text):
            return "invalid version '\(text)': versions are positive integers"
        case .versionExists(let name, let version):
            return "model '\(name)' version \(version) already exists; publish without --version to take the next one"
        case .modelNotFound(let name, let repository):
            return "no model named '\(name)' in the repository \(repository) (see `augur model list`)"
        case .versionNotFound(let name, let version, let available):
            let list = available.isEmpty ? "none" : available.map(String.init).joined(separator: ", ")
            return "model '\(name)' has no version \(version); available versions: \(list)"
        case .unreadableModelFile(let path, let reason):
            return "cannot read the model file \(path): \(reason)"
        case .invalidModel(let reason):
            return "the model was refused: \(reason)"
        case .invalidManifest(let path, let reason):
            return "invalid manifest \(path): \(reason); republish the version"
        case .checksumMismatch(let path, let expected, let actual):
            return "\(path) has SHA-256 \(actual) but its manifest records \(expected): the file was changed after publishing"
        case .invalidReferenceSample(let reason):
            return "invalid reference sample: \(reason)"
        case .io(let operation, let path, let reason):
            return "\(operation) \(path) failed: \(reason)"
        }
    }
}
