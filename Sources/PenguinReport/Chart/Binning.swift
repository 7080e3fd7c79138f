/// Equal-width histogram bins that start and step on round numbers, so bin edges read as ticks.
struct Binning: Sendable, Equatable {
    let start: Double
    let width: Double
    let count: Int

    /// About `target` bins over the values' range; a single distinct value gets one bin around it.
    init(covering values: [Double], target: Int = 16) {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        width = high > low ? NiceTicks.niceStep((high - low) / Double(target)) : NiceTicks.niceStep(max(abs(low), 1) / 10)
        start = (low / width).rounded(.down) * width
        count = Swift.max(1, Binning.index(of: high, start: start, width: width) + 1)
    }

    /// The bin holding `value`: bins include their lower edge; the top value falls in the last bin.
    func index(of value: Double) -> Int {
        min(count - 1, Swift.max(0, Binning.index(of: value, start: start, width: width)))
    }

    func lowerEdge(_ bin: Int) -> Double { start + Double(bin) * width }

    var end: Double { lowerEdge(count) }

    /// Snaps near-integers before flooring, so 40.0 in 2-wide bins from 32 lands in bin 4, not 3.
    private static func index(of value: Double, start: Double, width: Double) -> Int {
        let position = (value - start) / width
        let nearest = position.rounded()
        return Int(abs(position - nearest) < 1e-9 ? nearest : position.rounded(.down))
    }
}
