/// A small SVG chart over a sequence of slots (one per window): value ranges, lines, stacked shares and
/// horizontal rules on a linear y axis, with round ticks and thinned slot labels. Writes plain SVG with
/// inline attributes only, so the page needs no script or style sheet to draw it.
public struct SVGChart: Sendable {
    /// Size and margins in pixels.
    public struct Layout: Sendable, Equatable {
        /// Total width. Default 560.
        public var width: Double
        /// Total height. Default 220.
        public var height: Double
        /// Space left of the plot for the y tick labels. Default 56.
        public var left: Double
        /// Space right of the plot for rule labels. Default 64.
        public var right: Double
        /// Space above the plot. Default 10.
        public var top: Double
        /// Space below the plot for the slot labels. Default 30.
        public var bottom: Double

        /// Creates a layout; every parameter defaults as documented on its property.
        public init(width: Double = 560, height: Double = 220, left: Double = 56, right: Double = 64, top: Double = 10, bottom: Double = 30)
        {
            self.width = width
            self.height = height
            self.left = left
            self.right = right
            self.top = top
            self.bottom = bottom
        }
    }

    /// The plot area's fill.
    public static let plotBackground = "#fbfbfd"
    /// The plot area's frame.
    public static let frameColour = "#9aa1b1"

    /// What the chart shows, for screen readers and the SVG `<title>`.
    public var title: String
    /// The layout.
    public let layout: Layout
    /// One label per slot (window), shown under the x axis (thinned to about 12).
    public let slotLabels: [String]
    /// The y scale, from data values to pixels.
    public let y: ChartScale
    /// Tick labels at given values instead of the scale's round ticks (lane names of a timeline).
    public var yLabels: [(value: Double, text: String)]?
    private var elements: [String] = []

    /// A chart of `slotLabels.count` slots over `yDomain`.
    public init(title: String, slotLabels: [String], yDomain: ClosedRange<Double>, layout: Layout = Layout()) {
        self.title = title
        self.layout = layout
        self.slotLabels = slotLabels
        self.y = ChartScale(domain: yDomain, lower: layout.height - layout.bottom, upper: layout.top)
    }

    /// Pixel width of one slot.
    public var slotWidth: Double {
        (layout.width - layout.left - layout.right) / Double(Swift.max(1, slotLabels.count))
    }

    /// Pixel x of the centre of slot `slot`.
    public func x(_ slot: Int) -> Double { layout.left + (Double(slot) + 0.5) * slotWidth }

    /// Number of marks drawn so far (ranges, lines, stacks, rules, points).
    public var markCount: Int { elements.count }

    /// A filled box from `low` to `high` in slot `slot`, `widthShare` of the slot wide (a quantile band).
    public mutating func range(slot: Int, low: Double, high: Double, fill: String, widthShare: Double = 0.6) {
        guard low.isFinite, high.isFinite, slot >= 0, slot < slotLabels.count else { return }
        let width = slotWidth * widthShare
        let top = Swift.min(y(low), y(high))
        let height = Swift.max(1, abs(y(high) - y(low)))
        elements.append(
            "<rect x=\"\(c(x(slot) - width / 2))\" y=\"\(c(top))\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"\(fill)\"/>"
        )
    }

    /// A line through the slots' values; nil or non-finite values break it. Points are marked with dots
    /// when `dots` is set (a line of one point would otherwise not show).
    public mutating func line(_ values: [Double?], stroke: String, width: Double = 2, dashed: Bool = false, dots: Bool = false) {
        var segment: [String] = []
        var paths: [String] = []
        func flush() {
            if segment.count > 1 { paths.append("M" + segment.joined(separator: "L")) }
            segment = []
        }
        for (slot, value) in values.enumerated() {
            guard let value, value.isFinite, slot < slotLabels.count else {
                flush()
                continue
            }
            segment.append("\(c(x(slot))),\(c(y(value)))")
        }
        flush()
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        if !paths.isEmpty {
            elements.append(
                "<path d=\"\(paths.joined(separator: " "))\" fill=\"none\" stroke=\"\(stroke)\" "
                    + "stroke-width=\"\(c(width))\"\(dash) stroke-linejoin=\"round\"/>"
            )
        }
        if dots || values.count == 1 {
            for (slot, value) in values.enumerated() {
                guard let value, value.isFinite, slot < slotLabels.count else { continue }
                point(slot: slot, value: value, fill: stroke, radius: width + 1)
            }
        }
    }

    /// A short horizontal mark at `value` across `widthShare` of slot `slot` (a reference median or a
    /// reference class boundary).
    public mutating func tick(slot: Int, value: Double, stroke: String, widthShare: Double = 0.9, width: Double = 2) {
        guard value.isFinite, slot >= 0, slot < slotLabels.count else { return }
        let half = slotWidth * widthShare / 2
        let py = c(y(value))
        elements.append(
            "<line x1=\"\(c(x(slot) - half))\" x2=\"\(c(x(slot) + half))\" y1=\"\(py)\" y2=\"\(py)\" "
                + "stroke=\"\(stroke)\" stroke-width=\"\(c(width))\"/>"
        )
    }

    /// A dot at `value` in slot `slot`.
    public mutating func point(slot: Int, value: Double, fill: String, radius: Double = 3) {
        guard value.isFinite, slot >= 0, slot < slotLabels.count else { return }
        elements.append("<circle cx=\"\(c(x(slot)))\" cy=\"\(c(y(value)))\" r=\"\(c(radius))\" fill=\"\(fill)\"/>")
    }

    /// A bar of stacked shares (summing to at most 1 on a 0…1 axis) in slot `slot`, each with its fill.
    public mutating func stack(slot: Int, shares: [(share: Double, fill: String)], widthShare: Double = 0.8) {
        var base = 0.0
        for (share, fill) in shares where share > 0 && share.isFinite {
            range(slot: slot, low: base, high: base + share, fill: fill, widthShare: widthShare)
            base += share
        }
    }

    /// A horizontal rule across the plot at `value`, labelled at its right end (a threshold).
    public mutating func rule(at value: Double, stroke: String, label: String, dashed: Bool = true) {
        guard value.isFinite, y.domain.contains(value) else { return }
        let dash = dashed ? " stroke-dasharray=\"5 3\"" : ""
        let right = layout.width - layout.right
        elements.append(
            "<line x1=\"\(c(layout.left))\" x2=\"\(c(right))\" y1=\"\(c(y(value)))\" y2=\"\(c(y(value)))\" "
                + "stroke=\"\(stroke)\" stroke-width=\"1.5\"\(dash)/>"
                + "<text x=\"\(c(right + 4))\" y=\"\(c(y(value) + 4))\" font-size=\"11\" fill=\"\(stroke)\">"
                + "\(HTMLEscaping.escape(label))</text>"
        )
    }

    /// A box spanning slots `from` through `to` between `low` and `high` (a firing alert in a timeline).
    public mutating func span(from: Int, to: Int, low: Double, high: Double, fill: String, label: String? = nil) {
        guard from <= to, from >= 0, to < slotLabels.count else { return }
        let left = x(from) - slotWidth / 2
        let width = Double(to - from + 1) * slotWidth
        let top = Swift.min(y(low), y(high))
        let height = Swift.max(1, abs(y(high) - y(low)))
        var element =
            "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"\(fill)\" rx=\"3\">"
        if let label { element += "<title>\(HTMLEscaping.escape(label))</title>" }
        elements.append(element + "</rect>")
    }

    /// The `<svg>` element: grid, axes, ticks, labels and every mark, in drawing order.
    public func render() -> String {
        let plotLeft = layout.left
        let plotRight = layout.width - layout.right
        let plotTop = layout.top
        let plotBottom = layout.height - layout.bottom
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(layout.width)) \(c(layout.height))\" "
            + "width=\"\(c(layout.width))\" height=\"\(c(layout.height))\" role=\"img\" "
            + "aria-label=\"\(HTMLEscaping.escape(title))\">"
        svg += "<title>\(HTMLEscaping.escape(title))</title>"
        let frame =
            "x=\"\(c(plotLeft))\" y=\"\(c(plotTop))\" width=\"\(c(plotRight - plotLeft))\" height=\"\(c(plotBottom - plotTop))\""
        svg += "<rect \(frame) fill=\"\(Self.plotBackground)\"/>"
        let ticks = yLabels ?? y.ticks().map { ($0, ChartScale.label($0)) }
        for (value, text) in ticks where y.domain.contains(value) {
            let py = c(y(value))
            svg += "<line x1=\"\(c(plotLeft))\" x2=\"\(c(plotRight))\" y1=\"\(py)\" y2=\"\(py)\" stroke=\"#e6e8ee\"/>"
            svg +=
                "<text x=\"\(c(plotLeft - 6))\" y=\"\(c(y(value) + 4))\" font-size=\"11\" text-anchor=\"end\" "
                + "fill=\"#555\">\(HTMLEscaping.escape(text))</text>"
        }
        let every = Swift.max(1, (slotLabels.count + 11) / 12)
        for (slot, text) in slotLabels.enumerated() where slot % every == 0 {
            svg +=
                "<text x=\"\(c(x(slot)))\" y=\"\(c(plotBottom + 16))\" font-size=\"11\" text-anchor=\"middle\" "
                + "fill=\"#555\">\(HTMLEscaping.escape(text))</text>"
        }
        svg += elements.joined()
        // The frame goes on top, pixel-aligned, so that it stays one unbroken line of one colour.
        svg += "<rect \(frame) fill=\"none\" stroke=\"\(Self.frameColour)\" shape-rendering=\"crispEdges\"/>"
        svg += "</svg>"
        return svg
    }

    private func c(_ value: Double) -> String { HTMLEscaping.coordinate(value) }
}
