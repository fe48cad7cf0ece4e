import AugurRedisClient
import Foundation
import NIOCore

/// Decodes inference log stream entries (`augur:log`) into monitored records.
///
/// The fields are those the inference log writes: `model`, `version`, `outcome`, `written_us`, and in full
/// payload mode `inputs` and `outputs` as raw JSON. Hashed or absent payloads give a record without columns,
/// which still counts towards nothing but the error share.
public struct InferenceLogDecoder: Sendable {
    /// The input name for requests that sent bare rows of numbers, by model (from its reference statistics);
    /// models not listed use `defaultInputName`.
    public var inputNames: [String: String]
    /// The input name used when a model has no entry in `inputNames`.
    public var defaultInputName: String

    /// Creates a decoder.
    public init(inputNames: [String: String] = [:], defaultInputName: String = "input") {
        self.inputNames = inputNames
        self.defaultInputName = defaultInputName
    }

    /// The record an entry holds; nil when it lacks a model or written time (not an inference log entry).
    public func decode(_ message: StreamMessage) -> MonitoredRecord? {
        guard let model = message["model"].map(Self.string), !model.isEmpty,
            let written = message["written_us"].flatMap({ UInt64(Self.string($0)) })
        else { return nil }
        let version = message["version"].flatMap { Int(Self.string($0)) }
        let outcome = message["outcome"].map(Self.string) ?? "ok"
        var record = MonitoredRecord(model: model, version: version, outcome: outcome, timeMicros: written)
        if let inputs = message["inputs"] {
            record.numeric = PayloadDecoder.inputs(Self.data(inputs), defaultInput: inputNames[model] ?? defaultInputName)
        }
        if let outputs = message["outputs"] {
            let decoded = PayloadDecoder.outputs(Self.data(outputs))
            record.numeric.merge(decoded.numeric) { _, output in output }
            record.labels = decoded.labels
        }
        return record
    }

    /// Decodes raw JSON payloads directly (for records that did not come from a stream).
    public func record(
        model: String,
        version: Int?,
        outcome: String = "ok",
        timeMicros: UInt64,
        inputs: String?,
        outputs: String?
    ) -> MonitoredRecord {
        var record = MonitoredRecord(model: model, version: version, outcome: outcome, timeMicros: timeMicros)
        if let inputs {
            record.numeric = PayloadDecoder.inputs(Data(inputs.utf8), defaultInput: inputNames[model] ?? defaultInputName)
        }
        if let outputs {
            let decoded = PayloadDecoder.outputs(Data(outputs.utf8))
            record.numeric.merge(decoded.numeric) { _, output in output }
            record.labels = decoded.labels
        }
        return record
    }

    private static func string(_ buffer: ByteBuffer) -> String {
        String(decoding: buffer.readableBytesView, as: UTF8.self)
    }

    private static func data(_ buffer: ByteBuffer) -> Data {
        Data(buffer.readableBytesView)
    }
}
