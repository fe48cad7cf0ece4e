import AugurModels
import AugurRedisClient
import Foundation
import NIOCore
import Testing

@testable import AugurMonitor

@Suite("report page")
struct ReportPageTests {
    let model = SyntheticModel()
    let windowRecords = 500

    /// A report on model "m": four windows of reference traffic, then four with X[3] shifted by one deviation.
    func shiftedReport(name: String = "m", shadow: (Int) -> ShadowObservation? = { _ in nil }) -> MonitorReport {
        let published = model.reference(rows: 5_000, seed: 1)
        var builder = MonitorReportBuilder(
            model: name,
            configuration: MonitorConfiguration(window: WindowPolicy(records: windowRecords)),
            publishedReference: { _, _ in published }
        )
        var rng = SeededGenerator(seed: 3)
        for i in 0..<(8 * windowRecords) {
            let row = model.row(&rng, shiftFeature: i >= 4 * windowRecords ? 3 : nil)
            builder.add(model.record(model: name, version: 1, row: row, timeMicros: UInt64(i + 1) * 1_000), shadow: shadow(i))
        }
        return builder.build(source: "test", generated: Date(timeIntervalSince1970: 0))
    }

    func figures(_ page: String) -> [String] {
        page.components(separatedBy: "data-column=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("the page draws one chart per feature and per output column")
    func chartPerColumn() {
        let page = ReportPage.render(shiftedReport())
        // Page order: the outputs (predictions section), then the features.
        #expect(figures(page) == ["label", "probabilities[1]", "X[0]", "X[1]", "X[2]", "X[3]"])
        #expect(page.components(separatedBy: "<svg").count - 1 == 6 + 1 + 1)  // columns, PSI chart, alert timeline
    }

    @Test("the alerts table lists the feature-drift alert naming the shifted feature, and its chart is marked")
    func alertsListed() throws {
        let report = shiftedReport()
        let page = ReportPage.render(report)
        let alert = try #require(report.alerts.first { $0.alert.signal == .featureDrift })
        #expect(alert.alert.topColumns == ["X[3]"])
        #expect(alert.source == .replay)
        let table = try #require(page.firstRange(of: "<table class=\"alerts\">").map { page[$0.lowerBound...] })
        let row = try #require(table.firstRange(of: "<tr class=\"firing\">").map { table[$0.lowerBound...].prefix { $0 != "\n" } })
        #expect(row.contains("feature_drift"))
        #expect(row.contains("<td class=\"text features\">X[3]</td>"))
        #expect(page.contains("<figure class=\"chart flagged\" data-column=\"X[3]\">"))
        #expect(page.contains("<figure class=\"chart\" data-column=\"X[0]\">"))
        #expect(page.contains("Firing now</dt><dd>feature_drift on v1 (X[3])"))
    }

    @Test("after a hot swap the page compares the new version with the previous one and charts both versions")
    func hotSwap() throws {
        var builder = MonitorReportBuilder(
            model: "m",
            configuration: MonitorConfiguration(window: WindowPolicy(records: windowRecords), liveReferenceRecords: windowRecords)
        )
        var rng = SeededGenerator(seed: 4)
        var swapped = SyntheticModel()
        swapped.thresholds = (0.25, 0.5)
        for i in 0..<(5 * windowRecords) {
            let version = i < 3 * windowRecords ? 1 : 2
            let source = version == 1 ? model : swapped
            builder.add(source.record(version: version, row: source.row(&rng), timeMicros: UInt64(i + 1) * 1_000))
        }
        let report = builder.build(source: "test")
        #expect(report.versions == [1, 2])
        #expect(report.references[2]?.kind == .firstLive)
        let alert = try #require(report.alerts.first { $0.alert.reference == .previousVersion })
        #expect(alert.alert.signal == .predictionDrift)
        let page = ReportPage.render(report)
        #expect(page.contains("Against the previous version's last window"))
        #expect(page.contains("<td class=\"text\">v1 last window</td>"))
        #expect(page.contains(">v2 #0</text>"))
        #expect(page.contains("v2 prediction_drift vs previous_version"))
    }

    @Test("a report with fewer records than a window says that no window has closed")
    func noWindowYet() {
        var builder = MonitorReportBuilder(model: "m", configuration: MonitorConfiguration(window: WindowPolicy(records: 1_000)))
        var rng = SeededGenerator(seed: 5)
        for i in 0..<300 { builder.add(model.record(version: 1, row: model.row(&rng), timeMicros: UInt64(i) * 1_000)) }
        let report = builder.build(source: "test")
        #expect(report.unjudgedRecords == 300)
        let page = ReportPage.render(report)
        #expect(page.contains("No window has closed yet (1000 records of one version make one)."))
        #expect(!page.contains("<svg"))
    }

    @Test("a report without alerts says so")
    func noAlerts() {
        var report = shiftedReport()
        report.alerts = []
        #expect(ReportPage.render(report).contains("No alerts: no window crossed a threshold."))
    }

    @Test("the PSI chart draws the warning and alert thresholds")
    func psiThresholds() {
        let page = ReportPage.render(shiftedReport())
        #expect(page.contains(">warn 0.1</text>"))
        #expect(page.contains(">alert 0.25</text>"))
        #expect(page.contains("<td class=\"alert\">"))
    }

    @Test("without shadowed records the shadow section says there is no shadow data")
    func noShadowData() {
        let page = ReportPage.render(shiftedReport())
        #expect(page.contains("no shadow data"))
        #expect(!page.contains("<table class=\"shadow\">"))
    }

    @Test("shadowed records that disagree on 30% of requests are reported as 70% agreement per window")
    func shadowAgreement() throws {
        let report = shiftedReport { i in
            ShadowObservation(version: 2, agrees: i % 10 >= 3, absoluteDifference: Double(i % 4) / 100, latencyMicros: 500)
        }
        #expect(report.hasShadowData)
        #expect(report.windows.allSatisfy { $0.shadow?.agreementRate == 0.7 && $0.shadow?.shadowed == 500 })
        let page = ReportPage.render(report)
        #expect(!page.contains("no shadow data"))
        let table = try #require(page.firstRange(of: "<table class=\"shadow\">").map { page[$0.lowerBound...] })
        #expect(table.contains("<td>v2</td>") == false)  // versions are text cells
        #expect(table.contains("<td class=\"text\">v2</td><td>500</td><td>70.0%</td><td>30.0%</td>"))
    }

    @Test("every string from the data is escaped: model, feature and class names, alert fields")
    func hostileNamesAreEscaped() {
        var report = shiftedReport(name: "<script>alert(1)</script>")
        report.source = "\"><img src=x>"
        let hostile = MonitoredColumn.output("<b>out</b>")
        report.windows[0].report.summaries[hostile] = .classShares(["<i>yes</i>": 0.5, "no": 0.5])
        report.alerts.append(
            ReportAlert(
                alert: DriftAlert(
                    model: report.model,
                    version: 1,
                    signal: .featureDrift,
                    reference: .published,
                    referenceVersion: 1,
                    statistic: "<psi>",
                    value: 1,
                    threshold: 0.25,
                    window: WindowPosition(index: 0, startMicros: 0, endMicros: 0, records: 1),
                    topColumns: ["<u>f</u>"],
                    state: .firing
                ),
                source: .stream
            )
        )
        let page = ReportPage.render(report)
        for raw in ["<script>", "<img", "<b>out", "<i>yes", "<psi>", "<u>f"] { #expect(!page.contains(raw)) }
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("data-column=\"&lt;b&gt;out&lt;/b&gt;\""))
        #expect(page.contains("class &lt;i&gt;yes&lt;/i&gt;"))
        #expect(page.contains("&lt;u&gt;f&lt;/u&gt;"))
    }

    @Test("the page stands alone: no scripts and nothing loaded from elsewhere")
    func selfContained() {
        let page = ReportPage.render(shiftedReport())
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<style>"))
        for forbidden in ["<script", "<link", "src=\"http", "@import", "url("] { #expect(!page.contains(forbidden)) }
    }
}
