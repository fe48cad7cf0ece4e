extension ReportPage {
    static func shadowSection(_ report: MonitorReport) -> String {
        var html = "<section id=\"shadow\"><h2>Shadow agreement</h2>"
        guard report.hasShadowData else {
            html += "<p class=\"empty\">no shadow data: no record in these windows was also scored by a shadow version "
            html += "(augur model shadow NAME VERSION).</p>"
            return html + "</section>\n"
        }
        let tallies = report.windows.map(\.shadow)
        var agreement = SVGChart(title: "Shadow agreement per window", slotLabels: report.windows.map(\.label), yDomain: 0...1)
        agreement.line(tallies.map { $0?.agreementRate }, stroke: ChartPalette.agreement, dots: true)
        html += "<div class=\"grid\">"
        html += figure(
            agreement,
            caption: "Share of shadowed requests whose shadow prediction agreed.",
            legend: [(ChartPalette.agreement, "agreement")]
        )
        let differences = tallies.flatMap { [$0?.meanDifference, $0?.p99Difference].compactMap { $0 } }
        if !differences.isEmpty {
            var chart = SVGChart(
                title: "Shadow absolute score difference per window",
                slotLabels: report.windows.map(\.label),
                yDomain: ChartScale.covering(differences, lower: 0, upper: 1, including: [0]).domain
            )
            chart.line(tallies.map { $0?.meanDifference }, stroke: ChartPalette.series(0), dots: true)
            chart.line(tallies.map { $0?.p99Difference }, stroke: ChartPalette.series(1), dashed: true, dots: true)
            html += figure(
                chart,
                caption: "Absolute difference between shadow and served scores.",
                legend: [(ChartPalette.series(0), "mean"), (ChartPalette.series(1), "p99")]
            )
        }
        html += "</div><div class=\"table-wrap\"><table class=\"shadow\"><thead><tr><th class=\"text\">Window</th>"
        html += "<th class=\"text\">Shadow versions</th><th>Shadowed</th><th>Agreement</th><th>Disagreement</th>"
        html += "<th>Mean |diff|</th><th>p99 |diff|</th><th>Served model p50 ms</th><th>Shadow model p50 ms</th></tr></thead><tbody>"
        for (window, tally) in zip(report.windows, tallies) {
            guard let tally else { continue }
            html += "<tr><td class=\"text\">\(HTMLEscaping.escape(window.label))</td>"
            html += "<td class=\"text\">\(tally.versions.map { "v\($0)" }.joined(separator: ", "))</td>"
            html += "<td>\(tally.shadowed)</td><td>\(percent(tally.agreementRate))</td>"
            html += "<td>\(percent(tally.agreementRate.map { 1 - $0 }))</td>"
            html += "<td>\(number(tally.meanDifference))</td><td>\(number(tally.p99Difference))</td>"
            html += "<td>\(number(tally.servedLatencyMillis))</td><td>\(number(tally.shadowLatencyMillis))</td></tr>"
        }
        return html + "</tbody></table></div></section>\n"
    }
}
