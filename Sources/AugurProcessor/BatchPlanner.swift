import AugurModels
import AugurRedisClient
import AugurRuntime
import AugurTelemetry

/// Dynamic batching: groups a batch's requests by model version and input layout, runs each group as
/// one model call with the requests' rows concatenated along the batch dimension, and splits the outputs
/// back so every request gets exactly its own rows.
///
/// A request that fails to parse or validate gets an error result and never joins a call; if a merged call
/// fails, its requests run one by one so only the bad one fails.
public struct BatchPlanner: Sendable {
    /// Where models are resolved.
    public let host: ModelHost
    /// Reply defaults and the NaN policy.
    public let configuration: ProcessorConfiguration
    private let nowMilliseconds: @Sendable () -> UInt64

    /// Creates a planner; `nowMilliseconds` (Unix time) decides deadline expiry.
    public init(
        host: ModelHost,
        configuration: ProcessorConfiguration = ProcessorConfiguration(),
        nowMilliseconds: @escaping @Sendable () -> UInt64 = UnixClock.milliseconds
    ) {
        self.host = host
        self.configuration = configuration
        self.nowMilliseconds = nowMilliseconds
    }

    /// One result per stream entry, in entry order.
    public func process(_ messages: [StreamMessage]) -> [PredictionResult] {
        var requests: [Result<PredictionRequest, RequestRejection>] = []
        requests.reserveCapacity(messages.count)
        for message in messages {
            do throws(RequestRejection) {
                requests.append(.success(try PredictionRequest(message: message, defaultReplyTo: configuration.resultStream)))
            } catch {
                requests.append(.failure(error))
            }
        }
        return execute(plan(requests))
    }

    /// Plans parsed requests (or rejections, which keep their place in the batch).
    public func plan(_ entries: [Result<PredictionRequest, RequestRejection>]) -> BatchPlan {
        let now = nowMilliseconds()
        var settled: [Int: PredictionResult] = [:]
        var groups: [CallKey: Int] = [:]
        var calls: [BatchPlan.ModelCall] = []
        for (position, entry) in entries.enumerated() {
            let request: PredictionRequest
            switch entry {
            case .failure(let rejection):
                settled[position] = rejection.result
                continue
            case .success(let r):
                request = r
            }
            func fail(_ error: RequestError, version: Int? = nil) {
                settled[position] = PredictionResult(
                    entryID: request.entryID,
                    id: request.id,
                    model: request.model,
                    version: version,
                    outcome: .failure(error),
                    replyTo: request.replyTo,
                    inputs: request.inputs
                )
            }
            if let deadline = request.deadlineMilliseconds, deadline < now {
                fail(RequestError(.deadlineExpired, "the deadline \(deadline) ms passed \(now - deadline) ms before the request could run"))
                continue
            }
            let model: LoadedModel
            do {
                model = try host.resolve(request.model, version: request.version)
            } catch {
                fail(Self.resolutionError(error))
                continue
            }
            let decoded: RequestInputDecoder.Decoded
            do {
                decoded = try RequestInputDecoder.decode(request.inputs, for: model.session, allowNaN: configuration.allowNaN)
            } catch {
                fail(error, version: model.version)
                continue
            }
            let rows = Self.batchRows(decoded.inputs, declared: model.session.inputs)
            let prepared = BatchPlan.PreparedRequest(
                request: request,
                position: position,
                inputs: decoded.inputs,
                requestedOutputs: decoded.requestedOutputs,
                rows: rows
            )
            guard rows != nil else {
                calls.append(BatchPlan.ModelCall(model: model, requests: [prepared]))
                continue
            }
            let key = Self.groupKey(model: model, inputs: decoded.inputs)
            if let index = groups[key] {
                calls[index].requests.append(prepared)
            } else {
                groups[key] = calls.count
                calls.append(BatchPlan.ModelCall(model: model, requests: [prepared]))
            }
        }
        return BatchPlan(calls: calls, settled: settled, count: entries.count)
    }

    /// Runs every call of `plan`; one result per request, in batch order.
    public func execute(_ plan: BatchPlan) -> [PredictionResult] {
        var results = plan.settled
        for call in plan.calls {
            for (position, result) in run(call) { results[position] = result }
        }
        return (0..<plan.count).compactMap { results[$0] }
    }

    private func run(_ call: BatchPlan.ModelCall) -> [(Int, PredictionResult)] {
        // Drawn once per call: a shadow runs the same rows as the call it shadows, after it.
        let shadow = host.shadow(of: call.model.name, primary: call.model.version)
        if call.isMerged, let merged = runMerged(call, shadow: shadow) { return merged }
        // One by one: a merged call that failed or could not be split isolates the bad request this way.
        return call.requests.map { prepared in
            let start = UnixClock.microseconds()
            do throws(ModelHostError) {
                let outputs = try call.model.predict(prepared.inputs)
                let time = start...UnixClock.microseconds()
                var result = success(prepared, model: call.model, outputs: outputs, time: time)
                if let shadow { result.shadow = Self.shadowRun(shadow, inputs: prepared.inputs, returned: [outputs])?.first }
                return (prepared.position, result)
            } catch {
                let time = start...UnixClock.microseconds()
                return (prepared.position, failure(prepared, model: call.model, RequestError(.modelFailed, error.description), time: time))
            }
        }
    }

    /// Runs the call's rows as one model run and splits the outputs; nil when the run failed or an output
    /// is not per-row.
    private func runMerged(_ call: BatchPlan.ModelCall, shadow: LoadedModel?) -> [(Int, PredictionResult)]? {
        var merged: [String: Value] = [:]
        for name in call.requests[0].inputs.keys {
            let parts = call.requests.compactMap { $0.inputs[name]?.tensor }
            guard parts.count == call.requests.count else { return nil }
            merged[name] = .tensor(RowConcatenation.concatenate(parts))
        }
        let start = UnixClock.microseconds()
        guard let outputs = try? call.model.predict(merged) else { return nil }
        let time = start...UnixClock.microseconds()
        let totalRows = call.requests.reduce(0) { $0 + ($1.rows ?? 0) }
        var results: [(Int, PredictionResult)] = []
        results.reserveCapacity(call.requests.count)
        var owns: [[String: Value]] = []
        owns.reserveCapacity(call.requests.count)
        var offset = 0
        for prepared in call.requests {
            let rows = offset..<(offset + (prepared.rows ?? 0))
            offset = rows.upperBound
            var own: [String: Value] = [:]
            for (name, value) in outputs {
                guard let part = RowConcatenation.slice(value, rows: rows, totalRows: totalRows) else { return nil }
                own[name] = part
            }
            results.append((prepared.position, success(prepared, model: call.model, outputs: own, time: time)))
            owns.append(own)
        }
        if let shadow, let comparisons = Self.shadowRun(shadow, inputs: merged, returned: owns, rows: call.requests.map { $0.rows ?? 0 }) {
            for index in results.indices { results[index].1.shadow = comparisons[index] }
        }
        return results
    }

    /// Runs `shadow` on `inputs` and compares its outputs, split into `rows` per request when there are
    /// several, with what each request got back; nil when the shadow fails or its outputs cannot be split
    /// (a shadow's failure never touches the results returned).
    static func shadowRun(
        _ shadow: LoadedModel, inputs: [String: Value], returned: [[String: Value]], rows: [Int]? = nil
    ) -> [ShadowComparison]? {
        let start = UnixClock.microseconds()
        guard let outputs = try? shadow.predict(inputs) else { return nil }
        let latency = UnixClock.microseconds() - start
        guard let rows, returned.count > 1 else {
            return returned.map { ShadowComparison.compare(returned: $0, shadow: outputs, version: shadow.version, latencyMicros: latency) }
        }
        let totalRows = rows.reduce(0, +)
        var comparisons: [ShadowComparison] = []
        comparisons.reserveCapacity(returned.count)
        var offset = 0
        for (own, count) in zip(returned, rows) {
            let range = offset..<(offset + count)
            offset = range.upperBound
            var part: [String: Value] = [:]
            for (name, value) in outputs {
                guard let slice = RowConcatenation.slice(value, rows: range, totalRows: totalRows) else { return nil }
                part[name] = slice
            }
            comparisons.append(ShadowComparison.compare(returned: own, shadow: part, version: shadow.version, latencyMicros: latency))
        }
        return comparisons
    }

    private func success(
        _ prepared: BatchPlan.PreparedRequest, model: LoadedModel, outputs: [String: Value], time: ClosedRange<UInt64>
    ) -> PredictionResult {
        var names = model.session.outputs.map(\.name).filter { outputs[$0] != nil }
        if let requested = prepared.requestedOutputs { names = names.filter(requested.contains) }
        let json = V2ResponseEncoder.encodeOutputs(names.map { ($0, outputs[$0]!) })
        return PredictionResult(
            entryID: prepared.request.entryID,
            id: prepared.request.id,
            model: prepared.request.model,
            version: model.version,
            outcome: .outputs(json),
            replyTo: prepared.request.replyTo,
            modelTime: time,
            inputs: prepared.request.inputs
        )
    }

    private func failure(
        _ prepared: BatchPlan.PreparedRequest, model: LoadedModel, _ error: RequestError, time: ClosedRange<UInt64>
    ) -> PredictionResult {
        PredictionResult(
            entryID: prepared.request.entryID,
            id: prepared.request.id,
            model: prepared.request.model,
            version: model.version,
            outcome: .failure(error),
            replyTo: prepared.request.replyTo,
            modelTime: time,
            inputs: prepared.request.inputs
        )
    }

    private static func resolutionError(_ error: ModelHostError) -> RequestError {
        switch error {
        case .modelNotLoaded: RequestError(.unknownModel, error.description)
        case .versionNotActive: RequestError(.unknownVersion, error.description)
        default: RequestError(.modelFailed, error.description)
        }
    }

    /// The request's row count when every input is a tensor of rank ≥ 1 with the same first dimension and
    /// the model leaves that dimension free; else nil.
    static func batchRows(_ inputs: [String: Value], declared: [ValueInfo]) -> Int? {
        var rows: Int?
        for info in declared {
            guard case .tensor(let tensor)? = inputs[info.name], let first = tensor.shape.first else { return nil }
            if case .tensor(_, let shape?)? = info.type, case .fixed? = shape.first { return nil }
            if let rows, rows != first { return nil }
            rows = first
        }
        return rows
    }

    /// Requests share a call when they target the same version and their inputs agree on element type
    /// and every dimension but the first.
    static func groupKey(model: LoadedModel, inputs: [String: Value]) -> CallKey {
        var signature: [CallKey.Input] = []
        signature.reserveCapacity(inputs.count)
        for (name, value) in inputs {
            guard let tensor = value.tensor else { continue }
            signature.append(CallKey.Input(name: name, dataType: tensor.dataType, rowShape: tensor.shape.dropFirst()))
        }
        if signature.count > 1 { signature.sort { $0.name < $1.name } }
        return CallKey(model: ObjectIdentifier(model), inputs: signature)
    }

    /// What requests must share to be merged into one model call: the loaded model (one per version) and,
    /// for each input, its type and the shape of one row. A value instead of a string built per request.
    struct CallKey: Hashable {
        struct Input: Hashable {
            var name: String
            var dataType: DataType
            var rowShape: ArraySlice<Int>
        }

        var model: ObjectIdentifier
        var inputs: [Input]
    }
}
