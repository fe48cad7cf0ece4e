extension ReportPage {
    /// Most columns one PSI chart draws (the ones with the largest PSI); the table lists all.
    static let psiChartColumns = 10

    static func driftSection(_ report: MonitorReport) -> String {
        var html = "<section id=\"drift\"><h2>Drift statistics per window</h2>"
        html += "<p>Population stability index (PSI) of every column against the reference, with the warning and "
        html += "alert thresholds; the tables add the Kolmogorov-Smirnov statistic D for numbers and χ² for classes. "
        html += "Yellow cells are at the warning level, red cells breach a threshold.</p>"
        guard !report.windows.isEmpty else { return html + "<p class=\"empty\">No window judged yet.</p></section>\n" }
        let primary = report.windows.map(\.primary)
        let previous = report.windows.map(\.previous)
        html += "<h3>Against the version's reference (published or first live)</h3>"
        html += psiFigure(primary, report, title: "PSI per window against the reference")
        html += driftTable(primary, report)
        if previous.contains(where: { $0 != nil }) {
            html += "<h3>Against the previous version's last window</h3>"
            html += psiFigure(previous, report, title: "PSI per window against the previous version")
            html += driftTable(previous, report)
        }
        return html + "</section>\n"
    }

    static func psiFigure(_ comparisons: [ReferenceComparison?], _ report: MonitorReport, title: String) -> String {
        var largest: [MonitoredColumn: Double] = [:]
        for comparison in comparisons {
            for drift in comparison?.drifts ?? [] where drift.psi.isFinite {
                largest[drift.column] = Swift.max(largest[drift.column] ?? 0, drift.psi)
            }
        }
        let shown = largest.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(psiChartColumns).map(\.key).sorted()
        let top = Swift.max(largest.values.max() ?? 0, report.thresholds.psiAlert) * 1.15
        var chart = SVGChart(
            title: title,
            slotLabels: report.windows.map(\.label),
            yDomain: 0...top,
            layout: SVGChart.Layout(width: 1100, height: 260)
        )
        chart.rule(at: report.thresholds.psiWarn, stroke: ChartPalette.warn, label: "warn \(number(report.thresholds.psiWarn))")
        chart.rule(at: report.thresholds.psiAlert, stroke: ChartPalette.alert, label: "alert \(number(report.thresholds.psiAlert))")
        var legend: [(String, String)] = []
        for (index, column) in shown.enumerated() {
            let values = comparisons.map { comparison in comparison?.drifts.first { $0.column == column }?.psi }
            chart.line(values, stroke: ChartPalette.series(index), dots: true)
            legend.append((ChartPalette.series(index), column.description))
        }
        let caption =
            largest.count > shown.count
            ? "\(title): the \(shown.count) columns with the largest PSI of \(largest.count)." : "\(title)."
        return figure(chart, caption: caption, legend: legend)
    }

    static func driftTable(_ comparisons: [ReferenceComparison?], _ report: MonitorReport) -> String {
        let columns = Set(comparisons.flatMap { $0?.drifts.map(\.column) ?? [] }).sorted()
        let thresholds = report.thresholds
        var html = "<div class=\"table-wrap\"><table class=\"drift\"><thead><tr><th class=\"text\">Window</th>"
        html += "<th class=\"text\">Ended</th><th>Records</th><th>Errors</th><th class=\"text\">Reference</th>"
        for column in columns { html += "<th>\(HTMLEscaping.escape(column.description))<br>PSI / D or χ²</th>" }
        html += "</tr></thead><tbody>"
        for (window, comparison) in zip(report.windows, comparisons) {
            guard let comparison else { continue }
            let position = window.report.window
            html += "<tr><td class=\"text\">\(HTMLEscaping.escape(window.label))</td>"
            html += "<td class=\"text\">\(time(micros: position.endMicros))</td><td>\(position.records)</td>"
            html += "<td>\(window.report.errors)</td>"
            html += "<td class=\"text\">\(HTMLEscaping.escape(referenceName(comparison)))</td>"
            for column in columns {
                guard let drift = comparison.drifts.first(where: { $0.column == column }) else {
                    html += "<td>–</td>"
                    continue
                }
                let level = drift.breach(thresholds) != nil ? " class=\"alert\"" : drift.isWarning(thresholds) ? " class=\"warn\"" : ""
                let test = drift.ks ?? drift.chiSquared
                html += "<td\(level)>\(number(drift.psi)) / \(number(test))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>\n"
    }

    static func referenceName(_ comparison: ReferenceComparison) -> String {
        switch comparison.kind {
        case .published: "published v\(comparison.referenceVersion)"
        case .firstLive: "first live v\(comparison.referenceVersion)"
        case .previousVersion: "v\(comparison.referenceVersion) last window"
        }
    }
}
