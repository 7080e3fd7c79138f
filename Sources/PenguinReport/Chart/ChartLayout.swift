/// Where a chart's parts go in its viewBox: margins sized to the tick labels and axis titles actually
/// drawn, and the legend wrapped into rows above the plot, so long labels neither overlap nor get cut off.
struct ChartLayout: Sendable {
    struct PlacedEntry: Sendable {
        let entry: Chart.LegendEntry
        /// The legend label as drawn, shortened when it would not fit on a line of its own.
        let label: String
        let x: Double
        let y: Double
    }

    static let tickFontSize = 12.0
    static let titleFontSize = 13.0
    static let tickLength = 5.0
    private static let padding = 8.0
    private static let legendRowHeight = 20.0
    private static let legendSymbolWidth = 18.0
    private static let legendLabelLimit = 40

    let plotLeft: Double
    let plotRight: Double
    let plotTop: Double
    let plotBottom: Double
    let legend: [PlacedEntry]

    init(_ chart: Chart) {
        let yLabelWidth = chart.y.ticks.map { Self.textWidth($0.label, fontSize: Self.tickFontSize) }.max() ?? 0
        let lastXLabelWidth = chart.x.ticks.last.map { Self.textWidth($0.label, fontSize: Self.tickFontSize) } ?? 0
        plotLeft = Self.padding + Self.titleFontSize + 10 + yLabelWidth + Self.tickLength + 4
        plotRight = chart.width - max(Self.padding * 2, lastXLabelWidth / 2 + Self.padding)
        plotBottom = chart.height - (Self.padding + Self.titleFontSize + 10 + Self.tickFontSize + Self.tickLength + 6)

        var placed: [PlacedEntry] = []
        var x = plotLeft
        var row = 0
        for entry in chart.legend {
            let label =
                entry.label.count > Self.legendLabelLimit ? entry.label.prefix(Self.legendLabelLimit - 1) + "…" : entry.label
            let width = Self.legendSymbolWidth + 6 + Self.textWidth(label, fontSize: Self.tickFontSize) + 18
            if x > plotLeft, x + width > plotRight {
                row += 1
                x = plotLeft
            }
            placed.append(PlacedEntry(entry: entry, label: label, x: x, y: Self.padding + 8 + Double(row) * Self.legendRowHeight))
            x += width
        }
        legend = placed
        plotTop = Self.padding * 2 + (placed.isEmpty ? 0 : Double(row + 1) * Self.legendRowHeight)
    }

    var xAxisTitleY: Double { plotBottom + Self.tickLength + Self.tickFontSize + 10 + Self.titleFontSize }
    var yAxisTitleX: Double { Self.padding + Self.titleFontSize - 2 }

    /// A generous estimate of rendered width for a sans-serif face; layout errs towards room, never overlap.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }
}
