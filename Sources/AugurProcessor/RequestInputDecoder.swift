import AugurRuntime
import NIOCore

/// Turns a request's `inputs` JSON into model inputs, checked against the model's declared inputs.
enum RequestInputDecoder {
    /// The decoded inputs and the outputs the request asked for (nil: all).
    struct Decoded {
        var inputs: [String: Value]
        var requestedOutputs: [String]?
    }

    /// Decodes and validates `json` for `session`; NaN (a `null` element) fails unless `allowNaN`.
    static func decode(_ json: ByteBuffer, for session: InferenceSession, allowNaN: Bool) throws(RequestError) -> Decoded {
        let prepared = prepare(json.readableBytesView)
        let request: V2InferenceRequest
        do {
            request = try V2InferenceRequest(json: prepared.bytes, modelInputs: session.inputs)
        } catch let error as RuntimeError {
            throw classify(error)
        } catch {
            throw RequestError(.malformedJSON, "\(error)")
        }
        var inputs = request.inputs
        if prepared.hadNulls { inputs = inputs.mapValues(markMissing) }
        try validate(inputs, against: session.inputs)
        if !allowNaN, let name = inputs.first(where: { containsNaN($0.value) })?.key {
            throw RequestError(
                .nanInput,
                "input '\(name)' has missing values (null/NaN) and this processor does not accept them; fill them in or enable allowNaN for models trained with missing values"
            )
        }
        return Decoded(inputs: inputs, requestedOutputs: request.requestedOutputs)
    }

    /// The JSON the V2 decoder takes: a bare V2 `inputs` array is wrapped as `{"inputs": …}`, and `null`
    /// elements (missing values, which JSON cannot write as NaN) become `1e999`, which parses as +infinity
    /// and is turned into NaN after decoding. Numbers too large for a double are thereby missing values too.
    static func prepare(_ view: ByteBufferView) -> (bytes: [UInt8], hadNulls: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(view.count + 16)
        // Most requests hold no `n` at all (so no null), and are rows or a V2 request object that need no
        // wrapping: one copy, without the byte-by-byte rewrite below.
        if !view.contains(UInt8(ascii: "n")) {
            guard let first = view.firstIndex(where: { !isWhitespace($0) }), view[first] == UInt8(ascii: "[") else {
                out.append(contentsOf: view)
                return (out, false)
            }
            guard let next = view[view.index(after: first)...].firstIndex(where: { !isWhitespace($0) }),
                view[next] == UInt8(ascii: "{")
            else {
                out.append(contentsOf: view)
                return (out, false)
            }
        }
        let bytes = Array(view)
        var first = 0
        while first < bytes.count, isWhitespace(bytes[first]) { first += 1 }
        var wrap = false
        if first < bytes.count, bytes[first] == UInt8(ascii: "[") {
            var next = first + 1
            while next < bytes.count, isWhitespace(bytes[next]) { next += 1 }
            wrap = next < bytes.count && bytes[next] == UInt8(ascii: "{")
        }
        if wrap { out.append(contentsOf: "{\"inputs\":".utf8) }
        var hadNulls = false
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
            } else if byte == UInt8(ascii: "n"), index + 4 <= bytes.count, bytes[index..<(index + 4)].elementsEqual("null".utf8) {
                out.append(contentsOf: "1e999".utf8)
                hadNulls = true
                index += 3
            } else {
                out.append(byte)
            }
            index += 1
        }
        if wrap { out.append(UInt8(ascii: "}")) }
        return (out, hadNulls)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// Maps the V2 decoder's errors to stable codes: its JSON syntax errors start with "malformed JSON",
    /// element-type mismatches mention the datatype, everything else is about layout.
    private static func classify(_ error: RuntimeError) -> RequestError {
        guard case .invalidRequest(let reason) = error else { return RequestError(.badInputType, error.description) }
        if reason.hasPrefix("malformed JSON") { return RequestError(.malformedJSON, reason) }
        if reason.contains("datatype") || reason.contains(" but its data holds ") || reason.contains("out of range")
            || reason.contains("not an integer type") || reason.contains("unsupported kind")
        {
            return RequestError(.badInputType, reason)
        }
        return RequestError(.badInputShape, reason)
    }

    private static func markMissing(_ value: Value) -> Value {
        guard case .tensor(var tensor) = value else { return value }
        switch tensor.storage {
        case .float(let a): tensor.storage = .float(a.map { $0 == .infinity ? .nan : $0 })
        case .double(let a): tensor.storage = .double(a.map { $0 == .infinity ? .nan : $0 })
        case .float16(let a): tensor.storage = .float16(a.map { $0.floatValue == .infinity ? Float16Bits(Float.nan) : $0 })
        default: return value
        }
        return .tensor(tensor)
    }

    private static func containsNaN(_ value: Value) -> Bool {
        guard case .tensor(let tensor) = value else { return false }
        switch tensor.storage {
        case .float(let a): return a.contains { $0.isNaN }
        case .double(let a): return a.contains { $0.isNaN }
        case .float16(let a): return a.contains { $0.floatValue.isNaN }
        default: return false
        }
    }

    /// Every declared input present, nothing else, element types and shapes as declared.
    private static func validate(_ inputs: [String: Value], against declared: [ValueInfo]) throws(RequestError) {
        for info in declared where inputs[info.name] == nil {
            throw RequestError(
                .badInputType,
                "the model needs input '\(info.name)' (\(info.type?.description ?? "any")), which the request lacks"
            )
        }
        // Models declare a handful of inputs: a linear search beats building a set for every request.
        if let extra = inputs.keys.first(where: { name in !declared.contains { $0.name == name } }) {
            throw RequestError(
                .badInputType,
                "the model has no input '\(extra)'; its inputs are \(declared.map(\.name).joined(separator: ", "))"
            )
        }
        for info in declared {
            guard case .tensor(let type, let shape)? = info.type, case .tensor(let tensor)? = inputs[info.name] else { continue }
            guard tensor.dataType == type else {
                throw RequestError(
                    .badInputType,
                    "input '\(info.name)' must be \(type.v2Name), not \(tensor.dataType.v2Name)"
                )
            }
            guard let shape else { continue }
            let fits =
                tensor.shape.count == shape.count
                && zip(tensor.shape, shape).allSatisfy { actual, dimension in
                    if case .fixed(let n) = dimension { return n == actual }
                    return true
                }
            guard fits else {
                throw RequestError(
                    .badInputShape,
                    "input '\(info.name)' must have shape [\(shape.map(\.description).joined(separator: ", "))], not \(tensor.shape)"
                )
            }
        }
    }
}
