import Foundation
import PenguinStyle

/// The Monitoring page's charts: logged predictions per period, and one feature's training distribution
/// against its live one.
enum MonitoringCharts {
    /// The training bars recede (grey); the live ones take the site's accent, so the eye goes to what moved.
    static let trainingStyle = SeriesStyle(colour: "#8C959F", marker: .circle)
    static let liveStyle = SeriesStyle(colour: SpeciesStyle.palette[3], marker: .square)

    /// One bar per period, stacked by version in the order versions first answered.
    static func predictionsPerPeriod(_ counts: [PeriodCount], period: MonitoringPeriod) -> Chart {
        let versions = counts.reduce(into: [String]()) { if !$0.contains($1.version) { $0.append($1.version) } }
        let starts = counts.map(\.start)
        // A period of room either side, so one busy hour is a bar among hours rather than the whole chart.
        let x = Axis.time(
            title: "\(period == .hour ? "Hour" : "Day") (UTC)",
            covering: starts.map { $0.addingTimeInterval(-period.seconds) } + starts.map { $0.addingTimeInterval(2 * period.seconds) })
        var stacked: [Date: Double] = [:]
        var bars = [[Chart.Bar]](repeating: [], count: versions.count)
        for count in counts.sorted(by: { ($0.start, versions.firstIndex(of: $0.version)!) < ($1.start, versions.firstIndex(of: $1.version)!) }) {
            let base = stacked[count.start, default: 0]
            let left = count.start.timeIntervalSince1970
            bars[versions.firstIndex(of: count.version)!].append(
                Chart.Bar(x0: left + 0.08 * period.seconds, x1: left + 0.92 * period.seconds, y0: base, y1: base + Double(count.predictions)))
            stacked[count.start] = base + Double(count.predictions)
        }
        let totals = stacked.values
        let y = Axis.linear(title: "Predictions", covering: [0] + totals, integer: true, tickCount: 4)
        let total = Int(totals.reduce(0, +))
        return Chart(
            id: "predictions-per-period", title: "Logged predictions per \(period.rawValue)",
            description: """
                Bar chart of \(NumberText.integer(total)) logged predictions in \(stacked.count) \
                \(period.rawValue)\(stacked.count == 1 ? "" : "s") from \(DateText.display(starts.min()!)), stacked by \
                \(versions.count) model \(versions.count == 1 ? "version" : "versions"); the busiest \(period.rawValue) \
                had \(NumberText.integer(Int(totals.max() ?? 0))).
                """,
            x: x, y: y, marks: bars.enumerated().map { .bars($1, .series($0)) },
            legend: versions.enumerated().map { .init(label: $1, style: .series($0), symbol: .swatch) },
            width: 880, height: 300)
    }

    /// Training share against live share in each of the profile's bins, side by side: for a number its
    /// quantile bins (so the training bars are level and a shifted input piles up at one end), for a
    /// category its levels.
    static func distribution(_ distribution: FeatureDistribution, index: Int) -> Chart {
        let binCount = distribution.bins.count
        let live = distribution.liveShares
        let trainingBars = distribution.trainingShares.enumerated().map { bin, share in
            Chart.Bar(x0: Double(bin) + 0.1, x1: Double(bin) + 0.5, y0: 0, y1: 100 * share)
        }
        let liveBars = live.enumerated().map { bin, share in
            Chart.Bar(x0: Double(bin) + 0.5, x1: Double(bin) + 0.9, y0: 0, y1: 100 * share)
        }
        let ticks: [Axis.Tick]
        let xTitle: String
        let measure = Measure.label(of: distribution.feature)
        switch distribution.bins {
        case .numeric(let edges):
            // Edges label the boundaries between bins; every other one when they would crowd a small chart.
            let decimals = (edges.map(abs).max() ?? 0) >= 100 ? 0 : 1
            let stride = edges.count > 6 ? 2 : 1
            ticks = edges.enumerated().filter { $0.offset % stride == 0 }.map {
                Axis.Tick(value: Double($0.offset + 1), label: NumberText.fixed($0.element, decimals: decimals))
            }
            xTitle = "\(measure), training quantile bins"
        case .categorical(let levels):
            ticks = levels.enumerated().map { Axis.Tick(value: Double($0.offset) + 0.5, label: $0.element) }
            xTitle = measure
        }
        let y = Axis.linear(title: "Share of records (%)", covering: [0] + (distribution.trainingShares + live).map { 100 * $0 }, tickCount: 4)
        let liveTotal = distribution.liveCounts.reduce(0, +)
        let largest = live.enumerated().max { $0.element < $1.element }
        let binName: (Int) -> String = { bin in
            switch distribution.bins {
            case .numeric: "bin \(bin + 1) of \(binCount)"
            case .categorical(let levels): levels[bin]
            }
        }
        return Chart(
            id: "distribution-\(index)", title: "\(distribution.feature): training against live (\(distribution.version))",
            description: """
                Paired bar chart over \(binCount) bins of \(distribution.feature): the training rows' share in each \
                beside the share of \(NumberText.integer(liveTotal)) live records. \
                \(largest.map { "The most live records (\(NumberText.fixed(100 * $0.element, decimals: 0))%) fall in \(binName($0.offset)), against \(NumberText.fixed(100 * distribution.trainingShares[$0.offset], decimals: 0))% in training." } ?? "")
                """,
            x: Axis(title: xTitle, lower: 0, upper: Double(binCount), ticks: ticks), y: y,
            marks: [.bars(trainingBars, trainingStyle), .bars(liveBars, liveStyle)],
            legend: [
                .init(label: "training", style: trainingStyle, symbol: .swatch),
                .init(label: "live", style: liveStyle, symbol: .swatch),
            ],
            width: 440, height: 280)
    }
}
