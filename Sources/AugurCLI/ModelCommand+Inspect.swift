import ArgumentParser
import AugurModels
import Foundation

/// `augur model list`: one line per model with its versions.
struct ModelListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Lists the models and their versions.")

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    func run() throws {
        let repository = repositoryOptions.repository
        let names = try repository.modelNames()
        guard !names.isEmpty else {
            print("no models in \(repository.directory)")
            return
        }
        var rows = [["NAME", "LATEST", "VERSIONS", "CREATED", "INPUTS"]]
        for name in names {
            let versions = try repository.versions(of: name)
            let latest = try repository.manifest(name: name, version: versions[versions.count - 1])
            let inputs = latest.inputs.map { "\($0.name) \($0.datatype) \($0.shape)" }.joined(separator: "; ")
            rows.append([name, String(latest.version), versions.map(String.init).joined(separator: ","), iso8601(latest.created), inputs])
        }
        printTable(rows)
    }
}

/// `augur model show NAME[:VERSION]`: a version's manifest.
struct ModelShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Shows a model version's manifest (default: the latest version).")

    @Argument(help: "NAME or NAME:VERSION.")
    var model: String

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @Flag(help: "Print model.json as stored instead of a summary.")
    var json = false

    func run() throws {
        let repository = repositoryOptions.repository
        let reference = try ModelReference(parsing: model)
        let manifest = try repository.manifest(for: reference)
        if json {
            print(String(decoding: try manifest.jsonData(), as: UTF8.self))
            return
        }
        let versions = try repository.versions(of: manifest.name)
        let specs = { (specs: [TensorSpec]) in specs.map { "\($0.name) \($0.datatype) \($0.shape)" }.joined(separator: "; ") }
        var rows: [[String]] = [
            ["model", "\(manifest.name) version \(manifest.version) (versions: \(versions.map(String.init).joined(separator: ", ")))"],
            ["created", iso8601(manifest.created)],
            ["sha256", manifest.sha256],
            ["size", "\(manifest.sizeBytes) bytes"],
            ["producer", manifest.producer],
            ["opsets", manifest.opsets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")],
            ["inputs", specs(manifest.inputs)],
            ["outputs", specs(manifest.outputs)],
        ]
        if let labels = manifest.classLabels { rows.append(["classes", labels.joined(separator: ", ")]) }
        if !manifest.metadata.isEmpty {
            rows.append(["metadata", manifest.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")])
        }
        if let reference = manifest.reference {
            rows.append(["reference", "\(reference.rows) rows, \(reference.features.count) feature columns, \(reference.outputs.count) output entries"])
        }
        printTable(rows)
    }
}

/// Left-aligned columns separated by two spaces.
func printTable(_ rows: [[String]]) {
    let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
        rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    for row in rows {
        let cells = row.enumerated().map { i, cell in
            i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  "))
    }
}

/// A date as ISO 8601 UTC with second precision.
func iso8601(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
}
