import Foundation

/// The `model.json` written beside each published `model.onnx`: what the model takes and returns, where it
/// came from, and (optionally) reference statistics that monitoring compares live traffic against.
///
/// Example:
/// ```json
/// {
///   "format": 1, "name": "iris", "version": 3, "created": "2026-11-25T13:00:00Z",
///   "model_file": "model.onnx", "sha256": "9f86d0…", "size_bytes": 1234,
///   "producer": "skl2onnx 1.17.0", "opsets": {"ai.onnx": 17, "ai.onnx.ml": 3},
///   "inputs": [{"name": "X", "datatype": "FP32", "shape": [-1, 4]}],
///   "outputs": [{"name": "label", "datatype": "INT64", "shape": [-1]}],
///   "class_labels": ["0", "1", "2"], "metadata": {"trained_by": "ds-team"},
///   "reference": { … see `ReferenceStatistics` … }
/// }
/// ```
public struct ModelManifest: Codable, Sendable, Equatable {
    /// The manifest format this file follows; bumped on incompatible changes.
    public var format: Int
    /// The model's name (its directory under the repository root).
    public var name: String
    /// The version number (its directory under the model's directory), a positive integer.
    public var version: Int
    /// When the version was published (UTC, ISO 8601, second precision).
    public var created: Date
    /// The model file's name inside the version directory.
    public var modelFile: String
    /// Lowercase hex SHA-256 of the model file, checked when the host loads it.
    public var sha256: String
    /// The model file's size in bytes.
    public var sizeBytes: Int
    /// The tool that exported the model (`producer_name producer_version` from the ONNX file).
    public var producer: String
    /// Opset versions the model imports, by domain (`ai.onnx`, `ai.onnx.ml`, …).
    public var opsets: [String: Int]
    /// The inputs a caller supplies, in model order.
    public var inputs: [TensorSpec]
    /// The outputs the model returns, in model order.
    public var outputs: [TensorSpec]
    /// Class labels in output order, for classifiers (from the model's classifier node or given at publish).
    public var classLabels: [String]?
    /// Free-form key/value metadata: the ONNX file's `metadata_props` plus what the publisher added.
    public var metadata: [String: String]
    /// Statistics of a reference sample of features and predictions, for drift monitoring.
    public var reference: ReferenceStatistics?

    /// The format version this code writes.
    public static let currentFormat = 1
    /// The manifest's file name inside a version directory.
    public static let fileName = "model.json"

    /// Creates a manifest.
    public init(
        name: String, version: Int, created: Date, modelFile: String = "model.onnx", sha256: String,
        sizeBytes: Int, producer: String = "", opsets: [String: Int] = [:], inputs: [TensorSpec],
        outputs: [TensorSpec], classLabels: [String]? = nil, metadata: [String: String] = [:],
        reference: ReferenceStatistics? = nil
    ) {
        self.format = Self.currentFormat
        self.name = name
        self.version = version
        self.created = created
        self.modelFile = modelFile
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.producer = producer
        self.opsets = opsets
        self.inputs = inputs
        self.outputs = outputs
        self.classLabels = classLabels
        self.metadata = metadata
        self.reference = reference
    }

    enum CodingKeys: String, CodingKey {
        case format, name, version, created
        case modelFile = "model_file"
        case sha256
        case sizeBytes = "size_bytes"
        case producer, opsets, inputs, outputs
        case classLabels = "class_labels"
        case metadata, reference
    }
}

/// A declared input or output: name, V2 datatype (`FP32`, `INT64`, `BYTES`, `MAP_SEQUENCE`, …) and shape
/// (`-1` for a free dimension such as the batch).
public struct TensorSpec: Codable, Sendable, Equatable {
    /// The input or output name.
    public var name: String
    /// The Open Inference Protocol V2 datatype name.
    public var datatype: String
    /// The shape, `-1` for free dimensions.
    public var shape: [Int]

    /// Creates a spec.
    public init(name: String, datatype: String, shape: [Int]) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
    }
}

extension ModelManifest {
    /// Encodes the manifest as pretty-printed JSON with sorted keys (stable diffs, readable by people).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// Decodes a manifest from `model.json` bytes.
    public static func decode(from data: Data) throws -> ModelManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(ModelManifest.self, from: data)
    }
}
