import ArgumentParser
import AugurModels
import Foundation

/// `augur model`: publishes models into a model repository and inspects it.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Publishes and inspects models in a model repository (MODELS/<name>/<version>/).",
        subcommands: [
            ModelPublishCommand.self, ModelListCommand.self, ModelShowCommand.self, ModelActivateCommand.self,
            ModelRollbackCommand.self, ModelPromoteCommand.self, ModelShadowCommand.self, ModelStatusCommand.self,
        ]
    )
}

/// The `--models DIR` option shared by the commands that use a repository.
struct ModelRepositoryOptions: ParsableArguments {
    @Option(name: .customLong("models"), help: "Model repository directory. Default: $AUGUR_MODELS, else ./models.")
    var directory: String?

    /// The repository the options point at.
    var repository: ModelRepository {
        ModelRepository(directory: directory ?? ProcessInfo.processInfo.environment["AUGUR_MODELS"] ?? "models")
    }
}

/// `augur model publish FILE --name NAME`: validates a model and publishes it as a new version.
struct ModelPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Validates an ONNX model (loads it, runs it on a sample) and publishes it as a new version.",
        discussion: """
            A model that fails to load or run is refused with the reason and never becomes a version. \
            With --reference, the sample rows (a JSON array of feature rows, or a V2 request body) are \
            run through the model and their statistics stored in model.json for drift monitoring.
            """
    )

    @Argument(help: "The .onnx file to publish.")
    var file: String

    @Option(help: "The model's name (letters, digits, '.', '_', '-').")
    var name: String

    @Option(help: "The version to publish as; default: the highest existing version + 1.")
    var version: Int?

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @Option(help: "JSON sample of feature rows to validate on and compute reference statistics from.")
    var reference: String?

    @Option(name: .customLong("metadata"), help: "Free-form metadata as key=value (repeatable).")
    var metadata: [String] = []

    @Option(name: .customLong("class-labels"), help: "Comma-separated class labels, overriding the model's own.")
    var classLabels: String?

    func run() throws {
        var options = PublishOptions(version: version)
        for entry in metadata {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--metadata expects key=value, got '\(entry)'")
            }
            options.metadata[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        options.classLabels = classLabels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if let reference {
            guard let data = FileManager.default.contents(atPath: reference) else {
                throw ValidationError("cannot read the reference sample \(reference)")
            }
            options.referenceSample = [UInt8](data)
        }
        let repository = repositoryOptions.repository
        let manifest = try repository.publish(modelFile: file, name: name, options: options)
        print("published \(manifest.name) version \(manifest.version) (sha256 \(manifest.sha256)) to \(repository.versionDirectory(name: manifest.name, version: manifest.version))")
    }
}
