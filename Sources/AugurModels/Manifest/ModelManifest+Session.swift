import AugurRuntime
import Foundation

extension ModelRepository {
    /// The manifest describing a loaded session: its declared inputs and outputs, producer, opsets,
    /// class labels and metadata.
    static func describe(
        _ session: InferenceSession, name: String, version: Int, created: Date, modelData: [UInt8],
        options: PublishOptions
    ) -> ModelManifest {
        let model = session.model
        let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        var opsets: [String: Int] = [:]
        for (domain, version) in model.opsetImports { opsets[domain.isEmpty ? "ai.onnx" : domain] = version }
        return ModelManifest(
            name: name, version: version, created: created, sha256: ModelDigest.sha256Hex(modelData),
            sizeBytes: modelData.count, producer: producer, opsets: opsets,
            inputs: session.inputs.map(TensorSpec.init), outputs: session.outputs.map(TensorSpec.init),
            classLabels: options.classLabels ?? classLabels(in: model),
            metadata: model.metadata.merging(options.metadata) { _, given in given })
    }

    /// Class labels declared by the model's classifier (or ZipMap) node, in output order.
    static func classLabels(in model: ONNXModel) -> [String]? {
        let classifiers: Set<String> = ["LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier", "ZipMap"]
        for node in model.graph.nodes where node.domain == "ai.onnx.ml" && classifiers.contains(node.opType) {
            if case .strings(let labels)? = node.attributes["classlabels_strings"], !labels.isEmpty { return labels }
            if case .ints(let labels)? = node.attributes["classlabels_int64s"], !labels.isEmpty {
                return labels.map(String.init)
            }
            if case .ints(let labels)? = node.attributes["classlabels_ints"], !labels.isEmpty {
                return labels.map(String.init)
            }
        }
        return nil
    }
}

extension TensorSpec {
    /// The spec of a declared input or output (V2 datatype, `-1` for free dimensions).
    public init(_ info: ValueInfo) {
        let (datatype, shape) = V2MetadataEncoder.describe(info.type)
        self.init(name: info.name, datatype: datatype, shape: shape)
    }
}
