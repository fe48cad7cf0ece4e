import Foundation

/// Renders a `MonitorReport` as one self-contained HTML page: inline CSS and SVG, no script, no network.
/// Sections: summary, prediction distributions, feature distributions, drift statistics, alerts, shadow
/// agreement. Every string from the data is escaped.
public enum ReportPage {
    /// The whole page.
    public static func render(_ report: MonitorReport) -> String {
        let model = HTMLEscaping.escape(report.model)
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Augur monitor report: \(model)</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>Augur monitor report: <span class="model">\(model)</span></h1>
            <p class="meta">Generated \(time(report.generated)) from \(HTMLEscaping.escape(report.source)).</p></header>
            <nav><a href="#predictions">Predictions</a> <a href="#features">Features</a> <a href="#drift">Drift</a> \
            <a href="#alerts">Alerts</a> <a href="#shadow">Shadow</a></nav>

            """
        html += summarySection(report)
        html += predictionSection(report)
        html += featureSection(report)
        html += driftSection(report)
        html += alertSection(report)
        html += shadowSection(report)
        html += "</body>\n</html>\n"
        return html
    }

    static func summarySection(_ report: MonitorReport) -> String {
        let t = report.thresholds
        var facts: [(String, String)] = [
            ("Records", "\(report.records)"),
            ("Windows judged", "\(report.windows.count) of \(report.windowRecords) records each"),
            ("Not yet in a window", "\(report.unjudgedRecords) records"),
            ("Versions", report.versions.map { "v\($0)" }.joined(separator: ", ").ifEmpty("none")),
            ("Thresholds", "PSI warn \(number(t.psiWarn)), alert \(number(t.psiAlert)); KS and χ² at α = \(number(t.alpha))"),
        ]
        for version in report.versions {
            facts.append(("Reference of v\(version)", referenceText(report.references[version], windowRecords: report.windowRecords)))
        }
        let firing = firingAlerts(report)
        facts.append(
            (
                "Firing now",
                firing.isEmpty
                    ? "nothing"
                    : firing.map { "\($0.signal.rawValue) on v\($0.version) (\($0.topColumns.joined(separator: ", ")))" }
                        .joined(separator: "; ")
            )
        )
        var html = "<section id=\"summary\"><h2>Summary</h2><dl class=\"facts\">"
        for (name, value) in facts {
            html += "<dt>\(HTMLEscaping.escape(name))</dt><dd>\(HTMLEscaping.escape(value))</dd>"
        }
        html += "</dl>"
        if report.windows.isEmpty {
            html +=
                "<p class=\"empty\">No window has closed yet: the charts need at least \(report.windowRecords) records "
                + "of one version (see --window).</p>"
        }
        return html + "</section>\n"
    }

    static func referenceText(_ reference: ReferenceSummary?, windowRecords: Int) -> String {
        guard let reference else { return "none yet (waiting for the first live records)" }
        switch reference.kind {
        case .published: return "published with v\(reference.version) (augur model publish --reference)"
        case .firstLive: return "the version's first live records"
        case .previousVersion: return "the last window of v\(reference.version)"
        }
    }

    /// The alerts whose last event is `firing`, one per version, signal and reference.
    static func firingAlerts(_ report: MonitorReport) -> [DriftAlert] {
        var last: [String: DriftAlert] = [:]
        var order: [String] = []
        for entry in report.alerts {
            let key = "\(entry.alert.version)|\(entry.alert.signal.rawValue)|\(entry.alert.reference.rawValue)"
            if last[key] == nil { order.append(key) }
            last[key] = entry.alert
        }
        return order.compactMap { last[$0] }.filter { $0.state == .firing }
    }

    /// A chart in a figure with a caption and a legend; `column` names the column in a data attribute.
    static func figure(_ chart: SVGChart, caption: String, legend: [(String, String)], column: String? = nil, flagged: Bool = false)
        -> String
    {
        let attribute = column.map { " data-column=\"\(HTMLEscaping.escape($0))\"" } ?? ""
        var html = "<figure class=\"chart\(flagged ? " flagged" : "")\"\(attribute)>"
        html += chart.render()
        html += "<figcaption>\(HTMLEscaping.escape(caption))"
        if !legend.isEmpty {
            html += "<ul class=\"legend\">"
            for (colour, text) in legend {
                html += "<li><span class=\"swatch\" style=\"background:\(colour)\"></span>\(HTMLEscaping.escape(text))</li>"
            }
            html += "</ul>"
        }
        return html + "</figcaption></figure>\n"
    }

    /// `2026-11-25 15:04:05Z`.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    /// A time in Unix microseconds, as `time(_:)` writes it.
    static func time(micros: UInt64) -> String { time(Date(timeIntervalSince1970: Double(micros) / 1_000_000)) }

    /// A statistic for a table cell: up to four significant decimals.
    static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        guard value.isFinite else { return value.isNaN ? "–" : (value > 0 ? "∞" : "−∞") }
        if value != 0, abs(value) < 1e-3 || abs(value) >= 1e6 { return String(format: "%.2e", value) }
        return ChartScale.label(value)
    }

    /// A share as a percentage with one decimal.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
