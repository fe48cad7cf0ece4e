import Foundation

/// One screen of `augur monitor top`: a header and a table row per model, with ANSI colours (optional).
public struct TopFrame: Sendable {
    /// The header line's source, e.g. `redis://127.0.0.1:6399 augur:log`.
    public var source: String
    /// When the frame was taken.
    public var time: Date
    /// The horizon the rates cover, in seconds.
    public var horizonSeconds: Double
    /// The rows.
    public var models: [ModelTraffic]
    /// Whether to colour (bold header, red firing alerts, green ok).
    public var colour: Bool

    /// Creates a frame.
    public init(source: String, time: Date, horizonSeconds: Double, models: [ModelTraffic], colour: Bool) {
        self.source = source
        self.time = time
        self.horizonSeconds = horizonSeconds
        self.models = models
        self.colour = colour
    }

    private static let headings = ["MODEL", "VERSIONS", "REQ/S", "ERR%", "E2E P50", "E2E P99", "MODEL P50", "BATCH", "MAX"]

    /// The frame as text lines (no screen clearing; the caller positions the cursor).
    public func render() -> String {
        var lines: [String] = []
        let horizon = ChartScale.label(horizonSeconds)
        lines.append(
            paint("augur monitor top", "1") + "  \(source)  \(ReportPage.time(time))  (last \(horizon) s; latencies in ms)"
        )
        lines.append("")
        var table: [[String]] = [Self.headings]
        for model in models {
            table.append([
                model.model,
                model.versions.isEmpty ? "-" : model.versions.map { "v\($0)" }.joined(separator: ","),
                String(format: "%.1f", model.requestsPerSecond),
                model.requests > 0 ? String(format: "%.1f", 100 * Double(model.errors) / Double(model.requests)) : "-",
                model.endToEndMillis.map { String(format: "%.2f", $0.p50) } ?? "-",
                model.endToEndMillis.map { String(format: "%.2f", $0.p99) } ?? "-",
                model.modelMillis.map { String(format: "%.2f", $0.p50) } ?? "-",
                model.meanBatch.map { String(format: "%.1f", $0) } ?? "-",
                model.maxBatch.map(String.init) ?? "-",
            ])
        }
        let widths = (0..<Self.headings.count).map { column in table.map { $0[column].count }.max() ?? 0 }
        for (index, row) in table.enumerated() {
            let cells = row.enumerated().map { column, text in
                column == 0
                    ? text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - text.count) + text
            }
            let line = cells.joined(separator: "  ")
            lines.append(index == 0 ? paint(line, "1") : line)
        }
        if models.isEmpty { lines.append("(no inference log records in the last \(horizon) s)") }
        lines.append("")
        lines.append(paint("DRIFT", "1"))
        for model in models {
            var state: String
            if model.firing.isEmpty {
                state = paint("ok", "32") + " (no alert firing)"
            } else {
                state = model.firing.map { alert in
                    paint("FIRING", "31;1") + " \(alert.signal.rawValue) v\(alert.version) vs \(alert.reference.rawValue)"
                        + (alert.topColumns.isEmpty ? "" : ": \(alert.topColumns.joined(separator: ", "))")
                }.joined(separator: "; ")
            }
            if let psi = model.largestPSI, let window = model.lastWindow {
                state += "  largest PSI \(ChartScale.label(psi.psi)) \(psi.column) in \(window)"
            }
            lines.append("\(model.model): \(state)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func paint(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
