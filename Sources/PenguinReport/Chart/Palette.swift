/// How a series is drawn: a colour and a marker shape, so series stay apart in greyscale print and for
/// readers who cannot tell the colours apart.
struct SeriesStyle: Sendable, Equatable {
    let colour: String
    let marker: MarkerShape

    /// The style of the `index`th series. Okabe & Ito's colour-blind-safe palette, ordered so the first
    /// three (orange, reddish purple, bluish green) echo the palmerpenguins colours for Adelie, Chinstrap
    /// and Gentoo, and yellow, which is faint on white, comes late.
    static func series(_ index: Int) -> SeriesStyle {
        SeriesStyle(
            colour: okabeIto[index % okabeIto.count],
            marker: MarkerShape.allCases[index % MarkerShape.allCases.count])
    }

    /// Reference lines (y = x, zero residual) and connecting lines recede behind the data.
    static let reference = SeriesStyle(colour: "#555555", marker: .circle)

    private static let okabeIto = ["#E69F00", "#CC79A7", "#009E73", "#0072B2", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
}
