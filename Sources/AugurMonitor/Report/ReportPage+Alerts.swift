extension ReportPage {
    static func alertSection(_ report: MonitorReport) -> String {
        var html = "<section id=\"alerts\"><h2>Alerts</h2>"
        guard !report.alerts.isEmpty else {
            return html + "<p class=\"empty\">No alerts: no window crossed a threshold.</p></section>\n"
        }
        html += "<p>Events published on the alerts stream by a running monitor (source <em>stream</em>) and raised "
        html += "by judging the windows for this report (source <em>replay</em>). A bar spans the windows an alert "
        html += "fired in.</p>"
        if !report.windows.isEmpty { html += timelineFigure(report) }
        html += "<div class=\"table-wrap\"><table class=\"alerts\"><thead><tr>"
        for heading in [
            "Window ended", "Source", "State", "Signal", "Version", "Against", "Statistic", "Value", "Threshold", "Window", "Top features",
        ] {
            html += "<th class=\"text\">\(heading)</th>"
        }
        html += "</tr></thead><tbody>"
        for entry in report.alerts {
            let alert = entry.alert
            let against = alert.reference == .previousVersion ? "v\(alert.referenceVersion) (previous)" : alert.reference.rawValue
            html += "<tr class=\"\(alert.state.rawValue)\">"
            html += "<td class=\"text\">\(time(micros: alert.window.endMicros))</td>"
            html += "<td class=\"text\">\(entry.source.rawValue)</td>"
            html += "<td class=\"text state\">\(alert.state.rawValue)</td>"
            html += "<td class=\"text\">\(HTMLEscaping.escape(alert.signal.rawValue))</td>"
            html += "<td class=\"text\">v\(alert.version)</td>"
            html += "<td class=\"text\">\(HTMLEscaping.escape(against))</td>"
            html += "<td class=\"text\">\(HTMLEscaping.escape(alert.statistic))</td>"
            html += "<td>\(number(alert.value))</td><td>\(number(alert.threshold))</td>"
            html += "<td>#\(alert.window.index) (\(alert.window.records) records)</td>"
            html += "<td class=\"text features\">\(HTMLEscaping.escape(alert.topColumns.joined(separator: ", ")))</td></tr>"
        }
        return html + "</tbody></table></div></section>\n"
    }

    /// One lane per version, signal and reference: red bars where the alert fired, dots at each event.
    static func timelineFigure(_ report: MonitorReport) -> String {
        var lanes: [String] = []
        var events: [String: [(slot: Int, alert: DriftAlert)]] = [:]
        for entry in report.alerts {
            let alert = entry.alert
            let lane = "v\(alert.version) \(alert.signal.rawValue) vs \(alert.reference.rawValue)"
            if events[lane] == nil { lanes.append(lane) }
            events[lane, default: []].append((slot(of: alert, in: report), alert))
        }
        var chart = SVGChart(
            title: "Alert timeline",
            slotLabels: report.windows.map(\.label),
            yDomain: 0...Double(lanes.count),
            layout: SVGChart.Layout(width: 1100, height: Double(60 + 34 * lanes.count), left: 250, right: 20)
        )
        chart.yLabels = lanes.enumerated().map { (Double(lanes.count - $0.offset) - 0.5, $0.element) }
        for (index, lane) in lanes.enumerated() {
            let centre = Double(lanes.count - index) - 0.5
            var firedAt: Int?
            let laneEvents = (events[lane] ?? []).sorted { $0.slot < $1.slot }
            for event in laneEvents {
                switch event.alert.state {
                case .firing:
                    if firedAt == nil { firedAt = event.slot }
                case .resolved:
                    if let start = firedAt {
                        chart.span(
                            from: start,
                            to: event.slot,
                            low: centre - 0.3,
                            high: centre + 0.3,
                            fill: ChartPalette.alert,
                            label: lane
                        )
                    }
                    firedAt = nil
                }
            }
            if let start = firedAt {
                chart.span(
                    from: start,
                    to: report.windows.count - 1,
                    low: centre - 0.3,
                    high: centre + 0.3,
                    fill: ChartPalette.alert,
                    label: "\(lane): still firing"
                )
            }
            for event in laneEvents {
                chart.point(
                    slot: event.slot,
                    value: centre,
                    fill: event.alert.state == .firing ? "#7f0000" : ChartPalette.resolved,
                    radius: 5
                )
            }
        }
        return figure(
            chart,
            caption: "When each alert fired and resolved, by window.",
            legend: [(ChartPalette.alert, "firing"), ("#7f0000", "firing event"), (ChartPalette.resolved, "resolved event")]
        )
    }

    /// The window an alert was decided in: the same version and window when the report judged it, else
    /// the first window of the version that ended at or after the alert's window.
    static func slot(of alert: DriftAlert, in report: MonitorReport) -> Int {
        if let exact = report.windows.firstIndex(where: {
            $0.report.version == alert.version && $0.report.window.index == alert.window.index
                && $0.report.window.startMicros == alert.window.startMicros
        }) {
            return exact
        }
        return report.windows.firstIndex {
            $0.report.version == alert.version && $0.report.window.endMicros >= alert.window.endMicros
        } ?? report.windows.firstIndex { $0.report.window.endMicros >= alert.window.endMicros } ?? Swift.max(0, report.windows.count - 1)
    }
}
