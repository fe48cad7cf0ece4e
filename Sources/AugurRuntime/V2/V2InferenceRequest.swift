/// A decoded Open Inference Protocol V2 inference request.
///
/// Accepted bodies:
/// - the V2 form `{"id": "r1", "inputs": [{"name": "X", "shape": [2, 3], "datatype": "FP32",
///   "data": [1, 2, 3, 4, 5, 6]}], "outputs": [{"name": "label"}]}` — `data` flat or nested row-major,
///   datatypes FP32, FP64, FP16, INT64, INT32, INT16, INT8, UINT8…UINT64, BOOL, BYTES (UTF-8 strings);
/// - for models with exactly one input, a bare row `[5.1, 3.5, 1.4, 0.2]` (a batch of one) or rows
///   `[[…], […]]`; the element type then comes from the model's declared input type.
public struct V2InferenceRequest: Sendable {
    /// The request id, echoed in the response.
    public var id: String?
    /// The input tensors by name.
    public var inputs: [String: Value]
    /// The outputs the client asked for (`"outputs": [{"name": …}]`); nil means all.
    public var requestedOutputs: [String]?

    /// Creates a request.
    public init(id: String? = nil, inputs: [String: Value], requestedOutputs: [String]? = nil) {
        self.id = id
        self.inputs = inputs
        self.requestedOutputs = requestedOutputs
    }

    /// Decodes a JSON request body for a model with the given declared inputs (`InferenceSession.inputs`).
    public init<Body: Collection>(json body: Body, modelInputs: [ValueInfo]) throws where Body.Element == UInt8 {
        let document = try JSONParser.parse(body)
        switch document {
        case .flatArray(let rows):
            self.init(inputs: try Self.decodeRows(rows, modelInputs: modelInputs))
        case .object(let members):
            try self.init(members: members)
        case .array:
            throw RuntimeError.invalidRequest("a bare array request must be a rectangular array of numbers, booleans or strings")
        default:
            throw RuntimeError.invalidRequest("the request body must be a JSON object with \"inputs\", or an array of feature rows")
        }
    }

    private init(members: [String: JSONValue]) throws {
        var id: String?
        if let idValue = members["id"] {
            guard case .string(let s) = idValue else { throw RuntimeError.invalidRequest("\"id\" must be a string") }
            id = s
        }
        guard case .array(let items)? = members["inputs"] else {
            throw RuntimeError.invalidRequest(
                "the request needs \"inputs\": an array of {\"name\", \"shape\", \"datatype\", \"data\"} objects"
            )
        }
        var inputs: [String: Value] = Dictionary(minimumCapacity: items.count)
        for (index, item) in items.enumerated() {
            guard case .object(let tensor) = item else {
                throw RuntimeError.invalidRequest("inputs[\(index)] must be an object with name, shape, datatype and data")
            }
            let (name, value) = try Self.decodeTensor(tensor, index: index)
            guard inputs[name] == nil else { throw RuntimeError.invalidRequest("input '\(name)' appears twice") }
            inputs[name] = value
        }
        var requested: [String]?
        if let outputs = members["outputs"] {
            guard case .array(let list) = outputs else {
                throw RuntimeError.invalidRequest("\"outputs\" must be an array of {\"name\": …} objects")
            }
            requested = try list.map { entry in
                guard case .object(let o) = entry, case .string(let name)? = o["name"] else {
                    throw RuntimeError.invalidRequest("each entry of \"outputs\" must be an object with a string \"name\"")
                }
                return name
            }
        }
        self.init(id: id, inputs: inputs, requestedOutputs: requested)
    }

    private static func decodeTensor(_ object: [String: JSONValue], index: Int) throws -> (String, Value) {
        guard case .string(let name)? = object["name"] else {
            throw RuntimeError.invalidRequest("inputs[\(index)] needs a string \"name\"")
        }
        guard case .string(let datatypeName)? = object["datatype"] else {
            throw RuntimeError.invalidRequest("input '\(name)' needs a string \"datatype\" (FP32, FP64, INT64, INT32, BOOL, BYTES, …)")
        }
        guard let dataType = DataType(v2Name: datatypeName) else {
            throw RuntimeError.invalidRequest("input '\(name)' has unknown datatype '\(datatypeName)'")
        }
        let shape: [Int]
        switch object["shape"] {
        case .flatArray(let s)?:
            guard case .numbers(_, let ints?, _) = s.elements, s.shape.count == 1, ints.allSatisfy({ $0 >= 0 }) else {
                throw RuntimeError.invalidRequest("input '\(name)': \"shape\" must be an array of non-negative integers")
            }
            shape = ints.map { Int($0) }
        case .array(let a)? where a.isEmpty:
            shape = []
        default:
            throw RuntimeError.invalidRequest("input '\(name)' needs \"shape\": an array of non-negative integers")
        }
        guard let data = object["data"] else { throw RuntimeError.invalidRequest("input '\(name)' needs \"data\"") }
        guard let count = Shape.checkedElementCount(shape) else {
            throw RuntimeError.invalidRequest("input '\(name)' has shape \(shape), whose element count overflows")
        }
        let storage: TensorStorage
        switch data {
        case .flatArray(let flat):
            storage = try V2ElementDecoder.storage(flat.elements, as: dataType, input: name)
        case .array(let a) where a.isEmpty:
            storage = .zeros(dataType, count: 0)
        case .number, .bool, .string:
            storage = try V2ElementDecoder.scalar(data, as: dataType, input: name)
        default:
            throw RuntimeError.invalidRequest(
                "input '\(name)': \"data\" must be a flat or nested rectangular array of \(dataType.v2Name) values"
            )
        }
        guard storage.count == count else {
            throw RuntimeError.invalidRequest("input '\(name)' has shape \(shape) (\(count) elements) but \(storage.count) data values")
        }
        return (name, .tensor(Tensor(uncheckedShape: shape, storage: storage)))
    }

    private static func decodeRows(_ rows: FlatArray, modelInputs: [ValueInfo]) throws -> [String: Value] {
        guard modelInputs.count == 1, let input = modelInputs.first else {
            let names = modelInputs.map(\.name).joined(separator: ", ")
            throw RuntimeError.invalidRequest(
                "a bare array request needs a model with exactly one input; this model has \(modelInputs.count) (\(names)); use {\"inputs\": [...]}"
            )
        }
        guard case .tensor(let dataType, let declaredShape)? = input.type else {
            throw RuntimeError.invalidRequest("input '\(input.name)' is not a tensor of known element type; use {\"inputs\": [...]}")
        }
        var shape = rows.shape
        if let declaredShape {
            if shape.count == declaredShape.count - 1 {
                shape.insert(1, at: 0)
            } else if shape.count != declaredShape.count {
                throw RuntimeError.invalidRequest(
                    "input '\(input.name)' has rank \(declaredShape.count) but the request array is nested \(shape.count) deep"
                )
            }
        }
        let storage = try V2ElementDecoder.storage(rows.elements, as: dataType, input: input.name)
        return [input.name: .tensor(Tensor(uncheckedShape: shape, storage: storage))]
    }
}
