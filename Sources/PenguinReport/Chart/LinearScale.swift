/// Maps a data interval onto a pixel interval; the y scale's range runs downwards, as SVG's y axis does.
struct LinearScale: Sendable {
    let domain: (lower: Double, upper: Double)
    let range: (start: Double, end: Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upper - domain.lower
        let fraction = span == 0 ? 0.5 : (value - domain.lower) / span
        return range.start + fraction * (range.end - range.start)
    }
}
