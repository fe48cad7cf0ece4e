import AugurRuntime

/// Checks that a model can serve before it becomes visible: it must load (every operator supported, graph
/// valid) and run on a sample — zeros and ones of the declared shapes with batch 1, or the given rows.
public struct ModelValidator: Sendable {
    /// How the model is loaded (operator registry, opset limits).
    public var sessionOptions: SessionOptions

    /// Creates a validator.
    public init(sessionOptions: SessionOptions = SessionOptions()) {
        self.sessionOptions = sessionOptions
    }

    /// Loads `modelData` and runs it; returns the session. Throws `ModelRepositoryError.invalidModel`
    /// with the runtime's reason when loading or running fails.
    public func validate(modelData: [UInt8], sample: [String: Value]? = nil) throws(ModelRepositoryError) -> InferenceSession {
        let session: InferenceSession
        do {
            session = try InferenceSession(modelData: modelData, options: sessionOptions)
        } catch {
            throw .invalidModel(reason: "it does not load: \(error)")
        }
        try check(session, sample: sample)
        return session
    }

    /// Runs an already loaded session on the sample inputs with output validation on.
    public func check(_ session: InferenceSession, sample: [String: Value]? = nil) throws(ModelRepositoryError) {
        let options = RunOptions(validateOutputs: true)
        if let sample {
            do {
                _ = try session.run(sample, options: options)
            } catch {
                throw .invalidModel(reason: "it fails on the reference sample: \(error)")
            }
            return
        }
        for fill in [0, 1] {
            let inputs: [Value]
            do {
                inputs = try SampleInputs.make(for: session.inputs, fill: fill, batch: 1)
            } catch {
                throw .invalidModel(reason: "\(error)")
            }
            do {
                _ = try session.run(inputs: inputs, options: options)
            } catch {
                throw .invalidModel(reason: "it fails on a sample input of all \(fill == 0 ? "zeros" : "ones"): \(error)")
            }
        }
    }
}
