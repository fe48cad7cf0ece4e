import AugurModels

extension ReportPage {
    static func predictionSection(_ report: MonitorReport) -> String {
        let outputs = report.columns.filter { $0.kind == .output }
        var html = "<section id=\"predictions\"><h2>Prediction distribution over time</h2>"
        html += "<p>Each window's predictions (class shares, or score quantiles) next to the version's reference.</p>"
        guard !report.windows.isEmpty else { return html + noWindow(report) }
        guard !outputs.isEmpty else {
            return html + "<p class=\"empty\">No outputs were logged (is the inference log in full payload mode?).</p></section>\n"
        }
        html += "<div class=\"grid\">"
        for column in outputs { html += distributionFigure(column, report) }
        return html + "</div></section>\n"
    }

    static func featureSection(_ report: MonitorReport) -> String {
        let features = report.columns.filter { $0.kind == .feature }
        var html = "<section id=\"features\"><h2>Input feature distributions</h2>"
        html += "<p>Per window: the 5–95% and 25–75% quantile bands and the median of each feature; behind them the "
        html += "reference's 5–95% band and its median. A red frame marks a feature an alert named.</p>"
        guard !report.windows.isEmpty else { return html + noWindow(report) }
        guard !features.isEmpty else {
            return html + "<p class=\"empty\">No input features were logged (is the inference log in full payload mode?).</p></section>\n"
        }
        html += "<div class=\"grid\">"
        for column in features { html += distributionFigure(column, report) }
        return html + "</div></section>\n"
    }

    static func noWindow(_ report: MonitorReport) -> String {
        "<p class=\"empty\">No window has closed yet (\(report.windowRecords) records of one version make one).</p></section>\n"
    }

    /// The chart of one column: stacked class shares for labels, quantile bands for numbers.
    static func distributionFigure(_ column: MonitoredColumn, _ report: MonitorReport) -> String {
        let named = report.alerts.contains { $0.alert.state == .firing && $0.alert.topColumns.contains(column.description) }
        let isLabel = report.windows.contains {
            if case .classShares = $0.report.summaries[column] { return true }
            return false
        }
        let psi = report.windows.compactMap { window in
            window.primary?.drifts.first { $0.column == column }.map { (window.label, $0.psi) }
        }.max { $0.1 < $1.1 }
        let caption =
            "\(column.description)" + (psi.map { ": largest PSI \(number($0.1)) in window \($0.0)" } ?? "")
            + (named ? " (named in an alert)" : "")
        if isLabel {
            let (chart, legend) = classShareChart(column, report)
            return figure(chart, caption: caption, legend: legend, column: column.description, flagged: named)
        }
        let chart = quantileChart(column, report)
        let legend = [
            (ChartPalette.windowOuter, "window 5–95%"), (ChartPalette.windowInner, "window 25–75%"),
            (ChartPalette.windowMedian, "window median"), (ChartPalette.referenceOuter, "reference 5–95%"),
            (ChartPalette.referenceMedian, "reference median"),
        ]
        return figure(chart, caption: caption, legend: legend, column: column.description, flagged: named)
    }

    static func quantileChart(_ column: MonitoredColumn, _ report: MonitorReport) -> SVGChart {
        func numeric(_ summary: ColumnSummary?) -> NumericSummary? {
            if case .numeric(let numeric)? = summary, numeric.count > 0 { return numeric }
            return nil
        }
        let windows = report.windows.map { numeric($0.report.summaries[column]) }
        let references = report.windows.map { numeric(report.references[$0.report.version]?.columns[column]) }
        let levels = [0.05, 0.25, 0.5, 0.75, 0.95]
        let values = (windows + references).flatMap { summary in levels.compactMap { summary?.quantileValue(at: $0) } }
        let scale = ChartScale.covering(values, lower: 0, upper: 1)
        var chart = SVGChart(
            title: "\(column.description) by window against the reference",
            slotLabels: report.windows.map(\.label),
            yDomain: scale.domain
        )
        for slot in report.windows.indices {
            if let reference = references[slot], let low = reference.quantileValue(at: 0.05), let high = reference.quantileValue(at: 0.95) {
                chart.range(slot: slot, low: low, high: high, fill: ChartPalette.referenceOuter, widthShare: 0.92)
            }
            if let window = windows[slot] {
                if let low = window.quantileValue(at: 0.05), let high = window.quantileValue(at: 0.95) {
                    chart.range(slot: slot, low: low, high: high, fill: ChartPalette.windowOuter, widthShare: 0.5)
                }
                if let low = window.quantileValue(at: 0.25), let high = window.quantileValue(at: 0.75) {
                    chart.range(slot: slot, low: low, high: high, fill: ChartPalette.windowInner, widthShare: 0.5)
                }
            }
            if let median = references[slot]?.quantileValue(at: 0.5) {
                chart.tick(slot: slot, value: median, stroke: ChartPalette.referenceMedian)
            }
        }
        chart.line(windows.map { $0?.quantileValue(at: 0.5) }, stroke: ChartPalette.windowMedian, dots: true)
        return chart
    }

    static func classShareChart(_ column: MonitoredColumn, _ report: MonitorReport) -> (SVGChart, [(String, String)]) {
        func shares(_ summary: ColumnSummary?) -> [String: Double]? {
            if case .classShares(let shares)? = summary { return shares }
            return nil
        }
        let windows = report.windows.map { shares($0.report.summaries[column]) }
        let references = report.windows.map { shares(report.references[$0.report.version]?.columns[column]) }
        let classes = Set((windows + references).flatMap { $0?.keys.map { $0 } ?? [] }).sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        var chart = SVGChart(
            title: "\(column.description) class shares by window against the reference",
            slotLabels: report.windows.map(\.label),
            yDomain: 0...1
        )
        for slot in report.windows.indices {
            if let window = windows[slot] {
                chart.stack(
                    slot: slot,
                    shares: classes.enumerated().map { (window[$0.element] ?? 0, ChartPalette.series($0.offset)) },
                    widthShare: 0.6
                )
            }
            if let reference = references[slot] {
                var cumulative = 0.0
                for label in classes.dropLast() {
                    cumulative += reference[label] ?? 0
                    chart.tick(slot: slot, value: cumulative, stroke: "#1d2330", widthShare: 0.9)
                }
            }
        }
        let legend =
            classes.enumerated().map { (ChartPalette.series($0.offset), "class \($0.element)") }
            + [("#1d2330", "reference class boundaries")]
        return (chart, legend)
    }
}

extension NumericSummary {
    /// The quantile at `level` when the summary reports it.
    func quantileValue(at level: Double) -> Double? {
        quantiles.first { abs($0.q - level) < 1e-9 }?.value
    }
}
