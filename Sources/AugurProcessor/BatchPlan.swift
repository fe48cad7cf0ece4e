import AugurModels
import AugurRuntime

/// How one batch of requests will run: the model calls to make and the requests that already failed.
public struct BatchPlan: Sendable {
    /// A request whose model is resolved and whose inputs are decoded and valid.
    public struct PreparedRequest: Sendable {
        /// The request.
        public var request: PredictionRequest
        /// Its position in the batch (results come back in batch order).
        public var position: Int
        /// The decoded inputs.
        public var inputs: [String: Value]
        /// The outputs asked for; nil means all.
        public var requestedOutputs: [String]?
        /// Rows along the batch dimension; nil when the request cannot share a call (non-tensor or scalar
        /// inputs, inputs disagreeing on their first dimension, or a model with a fixed batch size).
        public var rows: Int?
    }

    /// One model call: requests that target the same version with compatible inputs, run together.
    public struct ModelCall: Sendable {
        /// The version every request of this call runs on.
        public var model: LoadedModel
        /// The requests, in batch order.
        public var requests: [PreparedRequest]
        /// Whether the requests' rows are concatenated into one run (else there is exactly one request).
        public var isMerged: Bool { requests.count > 1 }
    }

    /// The calls to make.
    public var calls: [ModelCall]
    /// Results settled while planning (parse, validation, model resolution, deadline), by batch position.
    public var settled: [Int: PredictionResult]
    /// Number of requests in the batch.
    public var count: Int
}
