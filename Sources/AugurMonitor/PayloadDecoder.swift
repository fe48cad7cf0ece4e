import Foundation

/// Turns the raw `inputs` and `outputs` JSON of an inference log record into monitored columns.
///
/// Inputs come in every form a request may use: a V2 `inputs` array (`[{"name","shape","datatype","data"}]`),
/// a whole V2 request object, or for a single-input model one row of numbers or an array of rows (those are
/// named `defaultInput`). `null` is a missing value (NaN). String inputs are skipped, as the reference
/// statistics skip them. Outputs are the V2 `outputs` array: floating-point tensors give one numeric
/// column per trailing element, integer, boolean and BYTES tensors give class labels, and ZipMap's
/// `MAP_SEQUENCE` gives one numeric column per class (ordered by label).
enum PayloadDecoder {
    /// The columns of a request's inputs; empty when the JSON is not one of the known forms.
    static func inputs(_ json: Data, defaultInput: String) -> [MonitoredColumn: [Double]] {
        guard let value = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else { return [:] }
        var tensors: [Any]?
        if let object = value as? [String: Any] {
            tensors = object["inputs"] as? [Any]
        } else if let array = value as? [Any] {
            if array.first is [String: Any] {
                tensors = array
            } else {
                return bareRows(array, input: defaultInput)
            }
        }
        var columns: [MonitoredColumn: [Double]] = [:]
        for case let tensor as [String: Any] in tensors ?? [] {
            guard let name = tensor["name"] as? String, let data = tensor["data"] else { continue }
            var flat: [Any] = []
            flatten(data, into: &flat)
            if flat.contains(where: { $0 is String }) { continue }
            let rows = rowCount(tensor["shape"], elements: flat.count)
            for (index, column) in split(flat.map(number), rows: rows).enumerated() {
                columns[.feature(name, index)] = column
            }
        }
        return columns
    }

    /// The numeric and label columns of a result's outputs.
    static func outputs(_ json: Data) -> (numeric: [MonitoredColumn: [Double]], labels: [MonitoredColumn: [String]]) {
        var numeric: [MonitoredColumn: [Double]] = [:]
        var labels: [MonitoredColumn: [String]] = [:]
        guard let value = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) else {
            return (numeric, labels)
        }
        let tensors = (value as? [Any]) ?? ((value as? [String: Any])?["outputs"] as? [Any]) ?? []
        for case let tensor as [String: Any] in tensors {
            guard let name = tensor["name"] as? String, let data = tensor["data"] else { continue }
            let datatype = (tensor["datatype"] as? String) ?? ""
            if datatype == "MAP_SEQUENCE", let maps = data as? [[String: Any]] {
                for (index, column) in mapColumns(maps).enumerated() { numeric[.output(name, index)] = column }
                continue
            }
            var flat: [Any] = []
            flatten(data, into: &flat)
            if datatype.hasPrefix("FP") || datatype == "BF16" {
                let rows = rowCount(tensor["shape"], elements: flat.count)
                for (index, column) in split(flat.map(number), rows: rows).enumerated() {
                    numeric[.output(name, index)] = column
                }
            } else if datatype == "BOOL" {
                labels[.output(name)] = flat.map { (($0 as? NSNumber)?.boolValue ?? false) ? "true" : "false" }
            } else {
                labels[.output(name)] = flat.map(label)
            }
        }
        return (numeric, labels)
    }

    private static func bareRows(_ array: [Any], input: String) -> [MonitoredColumn: [Double]] {
        let rows: [[Any]] = array.first is [Any] ? array.compactMap { $0 as? [Any] } : [array]
        var columns: [MonitoredColumn: [Double]] = [:]
        for row in rows {
            for (index, element) in row.enumerated() { columns[.feature(input, index), default: []].append(number(element)) }
        }
        return columns
    }

    private static func flatten(_ value: Any, into flat: inout [Any]) {
        if let array = value as? [Any] {
            for element in array { flatten(element, into: &flat) }
        } else {
            flat.append(value)
        }
    }

    private static func rowCount(_ shape: Any?, elements: Int) -> Int {
        if let shape = shape as? [Any], let first = shape.first.map(number), first >= 1, first.isFinite {
            return Int(first)
        }
        return elements > 0 ? 1 : 0
    }

    /// Row-major flat values as columns; a ragged tail (shape and data disagree) is dropped.
    private static func split(_ values: [Double], rows: Int) -> [[Double]] {
        guard rows > 0, values.count >= rows else { return [] }
        let width = values.count / rows
        return (0..<width).map { c in (0..<rows).map { values[$0 * width + c] } }
    }

    private static func mapColumns(_ maps: [[String: Any]]) -> [[Double]] {
        let keys = Set(maps.flatMap(\.keys)).sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return keys.map { key in maps.map { $0[key].map(number) ?? .nan } }
    }

    private static func number(_ value: Any) -> Double {
        if value is NSNull { return .nan }
        if let n = value as? NSNumber { return n.doubleValue }
        if let b = value as? Bool { return b ? 1 : 0 }
        return .nan
    }

    private static func label(_ value: Any) -> String {
        if let s = value as? String { return s }
        if let n = value as? NSNumber {
            let d = n.doubleValue
            if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        }
        if let b = value as? Bool { return b ? "true" : "false" }
        return "null"
    }
}
