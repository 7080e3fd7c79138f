import DataGateway

/// The species in sorted order, each with its style: every chart, in the report and in the app, colours
/// and marks a species the same way.
struct SpeciesSeries: Sendable {
    let levels: [String]
    private let indexOfLevel: [String: Int]

    init(_ penguins: Penguins) {
        levels = penguins.species.distinctStrings()
        indexOfLevel = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
    }

    func style(_ index: Int) -> SeriesStyle { .species(levels[index], among: levels) }

    /// The series index of a row's species, nil when the species is null.
    func index(ofRow row: Int, in penguins: Penguins) -> Int? {
        penguins.species.string(row).flatMap { indexOfLevel[$0] }
    }

    func legend(symbol: Chart.LegendEntry.Symbol) -> [Chart.LegendEntry] {
        levels.enumerated().map { Chart.LegendEntry(label: $1, style: style($0), symbol: symbol) }
    }
}
