/// The ai.onnx.ml operators (tree ensembles, linear models, SVMs, ZipMap, preprocessing).
public enum MLOperators {
    /// The operator domain these operators live in.
    static let domain = "ai.onnx.ml"

    /// Adds every ML operator to `registry`.
    public static func register(into registry: inout OperatorRegistry) {
        func add(_ opType: String, since version: Int = 1, _ factory: @escaping OperatorFactory) {
            registry.register(domain: domain, opType: opType, sinceVersion: version, factory: factory)
        }
        add("LinearClassifier") { try LinearClassifierOperator(node: $0) }
        add("LinearRegressor") { try LinearRegressorOperator(node: $0) }
        add("Scaler") { try ScalerOperator(node: $0) }
        add("Normalizer") { try NormalizerOperator(node: $0) }
        add("Binarizer") { try BinarizerOperator(node: $0) }
        add("Imputer") { try ImputerOperator(node: $0) }
        add("OneHotEncoder") { try OneHotEncoderOperator(node: $0) }
        add("LabelEncoder") { try LabelEncoderOperator(node: $0) }
        add("ArrayFeatureExtractor") { _ in ArrayFeatureExtractorOperator() }
        add("FeatureVectorizer") { try FeatureVectorizerOperator(node: $0) }
        add("ZipMap") { try ZipMapOperator(node: $0) }
        add("TreeEnsembleClassifier") { try TreeEnsembleClassifierOperator(node: $0) }
        add("TreeEnsembleRegressor") { try TreeEnsembleRegressorOperator(node: $0) }
        add("TreeEnsemble", since: 5) { try TreeEnsembleOperator(node: $0) }
        add("SVMClassifier") { try SVMClassifierOperator(node: $0) }
        add("SVMRegressor") { try SVMRegressorOperator(node: $0) }
    }
}
