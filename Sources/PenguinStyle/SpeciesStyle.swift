/// How every page draws a penguin species: one colour and one marker per species, the same in the app,
/// the report and anything else that draws penguins. This is the only place they are chosen.
///
/// Colours are Okabe & Ito's colour-blind-safe palette; the three species get the ones that echo the
/// palmerpenguins colours (orange Adelie, reddish purple Chinstrap, bluish green Gentoo), and the marker
/// repeats the coding for greyscale print and readers who cannot tell the colours apart.
public struct SpeciesStyle: Sendable, Equatable {
    public let colour: String
    public let marker: MarkerShape

    public init(colour: String, marker: MarkerShape) {
        self.colour = colour
        self.marker = marker
    }

    /// Okabe & Ito's eight colours, in the order series use them; yellow, faint on white, comes last.
    public static let palette = ["#E69F00", "#CC79A7", "#009E73", "#0072B2", "#D55E00", "#56B4E9", "#000000", "#F0E442"]

    /// The Palmer species, each with its fixed style.
    public static let known: [String: SpeciesStyle] = [
        "Adelie": SpeciesStyle(colour: palette[0], marker: .circle),
        "Chinstrap": SpeciesStyle(colour: palette[1], marker: .square),
        "Gentoo": SpeciesStyle(colour: palette[2], marker: .triangle),
    ]

    /// The style of `species`. A known species keeps its style whichever others are present (a filtered
    /// table must not repaint Gentoo as Chinstrap); an unknown one takes the next unused colour and marker by
    /// its position among the unknown names in `levels`.
    public static func of(_ species: String, among levels: [String]) -> SpeciesStyle {
        if let style = known[species] { return style }
        let unknown = levels.filter { known[$0] == nil }
        let position = (unknown.firstIndex(of: species) ?? unknown.count) + known.count
        return SpeciesStyle(
            colour: palette[position % palette.count], marker: MarkerShape.allCases[position % MarkerShape.allCases.count])
    }
}
