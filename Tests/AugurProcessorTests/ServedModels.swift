import AugurModels
import AugurProcessor
import AugurRedisClient
import AugurTestSupport
import Foundation
import Logging
import NIOCore

/// Fixture models published into a fresh temporary repository and loaded into a host.
final class ServedModels: @unchecked Sendable {
    let directory: String
    let host: ModelHost

    /// Publishes each fixture as `name` version `version` and activates it.
    init(_ models: [(fixture: String, name: String, version: Int)]) async throws {
        directory = NSTemporaryDirectory() + "augur-processor-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let repository = ModelRepository(directory: directory)
        var logger = Logger(label: "augur.processor.tests")
        logger.logLevel = .critical
        host = ModelHost(repository: repository, configuration: ModelHost.Configuration(warmUpRuns: 0), logger: logger)
        for model in models {
            _ = try repository.publish(
                modelFile: ModelFixtures.modelFile(model.fixture),
                name: model.name,
                options: PublishOptions(version: model.version)
            )
            try await host.activate(model: model.name, version: model.version)
        }
    }

    /// Publishes `data` as `name` version `version` into this repository and activates it.
    func publish(modelData data: [UInt8], name: String, version: Int) async throws {
        _ = try host.repository.publish(modelData: data, name: name, options: PublishOptions(version: version))
        try await host.activate(model: name, version: version)
    }

    deinit {
        host.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A request stream entry with the given fields.
func requestEntry(_ milliseconds: UInt64, _ fields: [(String, String)]) -> StreamMessage {
    StreamMessage(
        id: StreamID(milliseconds: milliseconds, sequence: 0),
        fields: fields.map { (ByteBuffer(string: $0.0), ByteBuffer(string: $0.1)) }
    )
}

/// A row-form `inputs` value: `[[…], […]]`.
func rowsJSON(_ rows: [[Float]]) -> String {
    "[" + rows.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
}

/// Deterministic pseudo-random rows of `width` features, so failures reproduce.
func sampleRows(_ count: Int, width: Int, seed: UInt64) -> [[Float]] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(Int64(bitPattern: state >> 11) % 4000) / 1000
    }
    return (0..<count).map { _ in (0..<width).map { _ in next() - 2 } }
}

/// The `outputs` of a result parsed as JSON objects by output name.
func parsedOutputs(_ result: PredictionResult) throws -> [String: [String: Any]] {
    guard case .outputs(let json) = result.outcome else { throw ResultNotSuccess(error: result.error) }
    let array = try JSONSerialization.jsonObject(with: Data(json)) as? [[String: Any]] ?? []
    var byName: [String: [String: Any]] = [:]
    for output in array { byName[output["name"] as? String ?? ""] = output }
    return byName
}

struct ResultNotSuccess: Error {
    var error: RequestError?
}
