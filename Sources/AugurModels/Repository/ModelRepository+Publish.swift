import AugurRuntime
import Foundation

/// Options for `ModelRepository.publish`.
public struct PublishOptions: Sendable {
    /// The version to publish as; nil (default) takes the next one (highest existing + 1).
    public var version: Int?
    /// Metadata merged over the ONNX file's `metadata_props`. Default: none.
    public var metadata: [String: String]
    /// Class labels in output order; nil (default) reads them from the model's classifier node, if any.
    public var classLabels: [String]?
    /// JSON sample of feature rows (a V2 request body or bare rows) to validate on and to compute
    /// `reference` statistics from. Default: nil (validate on zeros and ones, no reference).
    public var referenceSample: [UInt8]?
    /// How the model is loaded and checked. Default: the built-in operators.
    public var validator: ModelValidator
    /// The clock stamping `created`. Default: the system clock.
    public var now: @Sendable () -> Date

    /// Creates publish options.
    public init(
        version: Int? = nil, metadata: [String: String] = [:], classLabels: [String]? = nil,
        referenceSample: [UInt8]? = nil, validator: ModelValidator = ModelValidator(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.version = version
        self.metadata = metadata
        self.classLabels = classLabels
        self.referenceSample = referenceSample
        self.validator = validator
        self.now = now
    }
}

extension ModelRepository {
    /// Validates the model file at `path` and publishes it as a new version of `name`; returns its manifest.
    public func publish(modelFile path: String, name: String, options: PublishOptions = PublishOptions())
        throws(ModelRepositoryError) -> ModelManifest
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableModelFile(path: path, reason: "missing or unreadable")
        }
        return try publish(modelData: [UInt8](data), name: name, options: options)
    }

    /// Validates `modelData` (it must load and run on a sample) and publishes it as a new version of
    /// `name`. A refused model leaves nothing behind. With an explicit version that already exists
    /// (or that a concurrent publisher takes first) this throws `versionExists`; without one, it
    /// retries with the next free version.
    public func publish(modelData: [UInt8], name: String, options: PublishOptions = PublishOptions())
        throws(ModelRepositoryError) -> ModelManifest
    {
        try ModelName.validate(name)
        if let version = options.version, version <= 0 { throw .invalidVersion(String(version)) }
        let session = try options.validator.validate(modelData: modelData)
        let created = Date(timeIntervalSince1970: options.now().timeIntervalSince1970.rounded(.down))
        var reference: ReferenceStatistics?
        if let sample = options.referenceSample {
            reference = try Self.reference(sample, session: session, validator: options.validator, computed: created)
        }
        var manifest = Self.describe(
            session, name: name, version: options.version ?? 1, created: created, modelData: modelData, options: options)
        manifest.reference = reference

        let modelDirectory = modelDirectory(name: name)
        try DurableFiles.makeDirectory(modelDirectory, intermediate: true)
        let staging = modelDirectory + "/.staging-" + UUID().uuidString.lowercased()
        try DurableFiles.makeDirectory(staging)
        defer { DurableFiles.removeTree(staging) }
        try DurableFiles.write(modelData, to: staging + "/" + manifest.modelFile)

        for _ in 0..<64 {
            if options.version == nil { manifest.version = (try publishedVersions(of: name).last ?? 0) + 1 }
            let manifestFile = staging + "/" + ModelManifest.fileName
            DurableFiles.removeTree(manifestFile)
            do {
                try DurableFiles.write([UInt8](try manifest.jsonData()), to: manifestFile)
            } catch let error as ModelRepositoryError {
                throw error
            } catch {
                throw .io(operation: "encoding", path: manifestFile, reason: "\(error)")
            }
            DurableFiles.syncDirectory(staging)
            if try DurableFiles.renameNoReplace(staging, to: versionDirectory(name: name, version: manifest.version)) {
                DurableFiles.syncDirectory(modelDirectory)
                return manifest
            }
            if options.version != nil { break }
        }
        throw .versionExists(name: name, version: manifest.version)
    }

    static func reference(
        _ sample: [UInt8], session: InferenceSession, validator: ModelValidator, computed: Date
    ) throws(ModelRepositoryError) -> ReferenceStatistics {
        let request: V2InferenceRequest
        do {
            request = try V2InferenceRequest(json: sample, modelInputs: session.inputs)
        } catch {
            throw .invalidReferenceSample("\(error)")
        }
        try validator.check(session, sample: request.inputs)
        do {
            let outputs = try session.run(request.inputs)
            let orderedInputs = session.inputs.compactMap { info in request.inputs[info.name].map { (info.name, $0) } }
            let orderedOutputs = session.outputs.compactMap { info in outputs[info.name].map { (info.name, $0) } }
            return try ReferenceStatisticsBuilder.build(inputs: orderedInputs, outputs: orderedOutputs, computed: computed)
        } catch let error as ModelRepositoryError {
            throw error
        } catch {
            throw .invalidReferenceSample("\(error)")
        }
    }
}
