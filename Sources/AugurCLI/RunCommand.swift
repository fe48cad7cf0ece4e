import ArgumentParser
import AugurModels
import AugurRuntime
import Foundation

/// `augur run MODEL --input FILE`: runs a model once (or --repeat times) offline and prints V2 JSON.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs a model offline on a JSON input and prints the V2 JSON outputs.",
        discussion: """
            MODEL is a path to an .onnx file, or NAME / NAME:VERSION in the model repository (--models). \
            The input is a V2 request body ({"inputs": [...]}) or, for single-input models, one row of \
            numbers or an array of rows. --timing prints per-run latency and memory to stderr as one line: \
            runs=N mean_us=… p50_us=… min_us=… rss_before_load_kb=… peak_rss_kb=…
            """
    )

    @Argument(help: "MODEL.onnx, NAME or NAME:VERSION.")
    var model: String

    @Option(help: "JSON input file, or - for standard input.")
    var input: String

    @OptionGroup var repositoryOptions: ModelRepositoryOptions

    @Option(name: .customLong("repeat"), help: "Run the model this many times (timed); the output of the last run is printed.")
    var repetitions: Int = 1

    @Option(help: "Untimed runs before the timed ones.")
    var warmup: Int = 0

    @Flag(help: "Print latency (mean, p50, min) and memory (resident before loading, peak) to stderr.")
    var timing = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repeat must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup cannot be negative") }
    }

    func run() throws {
        AllocatorTuning.keepLargeBuffersInHeap()
        let residentBeforeLoad = ProcessMemory.kilobytes("VmRSS")
        let (session, name, version) = try load()
        let body: Data
        if input == "-" {
            body = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let data = FileManager.default.contents(atPath: input) else {
                throw ValidationError("cannot read the input file \(input)")
            }
            body = data
        }
        let request = try V2InferenceRequest(json: body, modelInputs: session.inputs)
        // Positional runs skip the name lookups; overriding an initializer-backed input needs the named form.
        let positional = try session.inputs.map { info in
            guard let value = request.inputs[info.name] else { throw RuntimeError.missingInput(name: info.name) }
            return value
        }
        let usesNames = request.inputs.count != positional.count
        let runOnce = { () throws -> [Value] in
            guard usesNames else { return try session.run(inputs: positional) }
            let results = try session.run(request.inputs)
            return session.outputs.compactMap { results[$0.name] }
        }

        for _ in 0..<warmup { _ = try runOnce() }
        var outputs: [Value] = []
        var latencies: [UInt64] = []
        latencies.reserveCapacity(repetitions)
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            outputs = try runOnce()
            latencies.append(DispatchTime.now().uptimeNanoseconds - start)
        }

        let requested = request.requestedOutputs.map(Set.init)
        let named = zip(session.outputs, outputs).compactMap { info, value -> (name: String, value: Value)? in
            requested?.contains(info.name) == false ? nil : (info.name, value)
        }
        let json = V2ResponseEncoder.encode(modelName: name, modelVersion: version.map(String.init), id: request.id, outputs: named)
        FileHandle.standardOutput.write(Data(json + [UInt8(ascii: "\n")]))
        if timing { report(latencies, residentBeforeLoad: residentBeforeLoad) }
    }

    private func load() throws -> (InferenceSession, String, Int?) {
        var isDirectory: ObjCBool = false
        if model.hasSuffix(".onnx") || (FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory) && !isDirectory.boolValue) {
            let name = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent
            return (try InferenceSession(contentsOfFile: model), name, nil)
        }
        let repository = repositoryOptions.repository
        let manifest = try repository.manifest(for: try ModelReference(parsing: model))
        let session = try InferenceSession(modelData: try repository.modelData(for: manifest))
        return (session, manifest.name, manifest.version)
    }

    private func report(_ latencies: [UInt64], residentBeforeLoad: Int?) {
        let sorted = latencies.sorted()
        let mean = Double(latencies.reduce(0, +)) / Double(latencies.count) / 1000
        let p50 = Double(sorted[sorted.count / 2]) / 1000
        let minimum = Double(sorted[0]) / 1000
        let line = String(
            format: "runs=%d mean_us=%.2f p50_us=%.2f min_us=%.2f rss_before_load_kb=%d peak_rss_kb=%d\n",
            latencies.count, mean, p50, minimum, residentBeforeLoad ?? -1, ProcessMemory.kilobytes("VmHWM") ?? -1)
        FileHandle.standardError.write(Data(line.utf8))
    }
}

/// Reads this process's memory figures from /proc/self/status (Linux).
enum ProcessMemory {
    /// The value of a `/proc/self/status` field in kB (e.g. `VmRSS`, `VmHWM`), or nil where unavailable.
    static func kilobytes(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
