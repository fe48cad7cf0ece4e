import Testing

@testable import AugurMonitor

@Suite("report charts: escaping, scales and the SVG writer")
struct ReportChartTests {
    @Test("escaping replaces every character with meaning in HTML and leaves other text alone")
    func escaping() {
        #expect(
            HTMLEscaping.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        )
        #expect(HTMLEscaping.escape("X[3] ünïcode") == "X[3] ünïcode")
    }

    @Test("a scale maps its domain onto the pixel interval, flipped when the interval runs high to low")
    func scaleMapsDomain() {
        let scale = ChartScale(domain: 0...10, lower: 200, upper: 0)
        #expect(scale(0) == 200)
        #expect(scale(10) == 0)
        #expect(scale(2.5) == 150)
    }

    @Test("a scale of one point is widened so that the point sits in the middle")
    func degenerateDomain() {
        let scale = ChartScale(domain: 5...5, lower: 100, upper: 0)
        #expect(scale.domain.lowerBound < 5 && scale.domain.upperBound > 5)
        #expect(scale(5) == 50)
    }

    @Test("ticks are round values inside the domain")
    func ticksAreRound() {
        let ticks = ChartScale(domain: -0.13...1.07, lower: 0, upper: 1).ticks(count: 5)
        #expect(ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 })
        #expect(ChartScale.label(0.30000000000000004) == "0.3")
        #expect(ChartScale.label(-0.0) == "0")
    }

    @Test("a covering scale ignores values that are not finite")
    func coveringIgnoresNonFinite() {
        let scale = ChartScale.covering([1, .nan, 3, .infinity, -.infinity], lower: 0, upper: 1, padding: 0)
        #expect(scale.domain == 1...3)
    }

    @Test("a line with a missing value is drawn as two segments")
    func lineBreaksAtGaps() throws {
        var chart = SVGChart(title: "t", slotLabels: ["a", "b", "c", "d", "e"], yDomain: 0...1)
        chart.line([0.1, 0.2, nil, 0.4, 0.5], stroke: "#000")
        let svg = chart.render()
        let path = try #require(svg.firstRange(of: "<path d=\"").map { svg[$0.upperBound...] })
        let d = path.prefix { $0 != "\"" }
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(d.filter { $0 == "L" }.count == 2)
    }

    @Test("a range is a rectangle between the scaled values, centred on its slot")
    func rangeGeometry() {
        let layout = SVGChart.Layout(width: 300, height: 140, left: 50, right: 50, top: 20, bottom: 20)
        var chart = SVGChart(title: "t", slotLabels: ["a", "b"], yDomain: 0...100, layout: layout)
        chart.range(slot: 1, low: 25, high: 75, fill: "#123456", widthShare: 0.5)
        // Plot x 50…250, slots 100 px wide: slot 1 centred at 200, 50 px wide; y 120 (0) … 20 (100).
        #expect(chart.render().contains("<rect x=\"175\" y=\"45\" width=\"50\" height=\"50\" fill=\"#123456\"/>"))
    }

    @Test("a threshold rule outside the y domain is not drawn, one inside is drawn with its label")
    func rulesInsideDomainOnly() {
        var chart = SVGChart(title: "t", slotLabels: ["a"], yDomain: 0...0.2)
        chart.rule(at: 0.25, stroke: "#d62728", label: "alert 0.25")
        #expect(chart.markCount == 0)
        chart.rule(at: 0.1, stroke: "#c98a00", label: "warn <0.1>")
        #expect(chart.markCount == 1)
        #expect(chart.render().contains(">warn &lt;0.1&gt;</text>"))
    }

    @Test("titles and slot labels are escaped in the SVG")
    func svgTextIsEscaped() {
        let chart = SVGChart(title: "a<b>&c", slotLabels: ["<x>"], yDomain: 0...1)
        let svg = chart.render()
        #expect(svg.contains("aria-label=\"a&lt;b&gt;&amp;c\""))
        #expect(svg.contains(">&lt;x&gt;</text>"))
        #expect(!svg.contains("<b>") && !svg.contains("<x>"))
    }

    @Test("marks are drawn under the plot frame, which comes last")
    func frameIsOnTop() throws {
        var chart = SVGChart(title: "t", slotLabels: ["a"], yDomain: 0...1)
        chart.point(slot: 0, value: 0.5, fill: "#000")
        let svg = chart.render()
        let circle = try #require(svg.range(of: "<circle"))
        let frame = try #require(svg.range(of: "stroke=\"\(SVGChart.frameColour)\""))
        #expect(circle.lowerBound < frame.lowerBound)
    }

    @Test("values outside the slots are ignored rather than drawn off the chart")
    func outOfRangeSlots() {
        var chart = SVGChart(title: "t", slotLabels: ["a", "b"], yDomain: 0...1)
        chart.range(slot: 2, low: 0, high: 1, fill: "#000")
        chart.point(slot: -1, value: 0.5, fill: "#000")
        chart.range(slot: 0, low: .nan, high: 1, fill: "#000")
        #expect(chart.markCount == 0)
    }
}
