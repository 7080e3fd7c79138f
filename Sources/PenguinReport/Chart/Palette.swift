import PenguinStyle

/// How a series is drawn: a colour and a marker shape, so series stay apart in greyscale print and for
/// readers who cannot tell the colours apart.
struct SeriesStyle: Sendable, Equatable {
    let colour: String
    let marker: MarkerShape

    /// The `index`th series that is not a species (a model version), from the same palette and markers.
    static func series(_ index: Int) -> SeriesStyle {
        SeriesStyle(
            colour: SpeciesStyle.palette[index % SpeciesStyle.palette.count],
            marker: MarkerShape.allCases[index % MarkerShape.allCases.count])
    }

    /// A species, in the style every page gives it (``PenguinStyle/SpeciesStyle``).
    static func species(_ name: String, among levels: [String]) -> SeriesStyle {
        let style = SpeciesStyle.of(name, among: levels)
        return SeriesStyle(colour: style.colour, marker: style.marker)
    }

    /// Reference lines (y = x, zero residual) and connecting lines recede behind the data.
    static let reference = SeriesStyle(colour: "#555555", marker: .circle)
}
