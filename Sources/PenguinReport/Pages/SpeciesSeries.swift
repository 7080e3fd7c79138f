import DataGateway

/// The species in sorted order, each with its series style: every chart colours a species the same way,
/// whichever page it is on.
struct SpeciesSeries: Sendable {
    let levels: [String]
    private let indexOfLevel: [String: Int]

    init(_ penguins: Penguins) {
        levels = penguins.species.distinctStrings()
        indexOfLevel = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
    }

    func style(_ index: Int) -> SeriesStyle { .series(index) }

    /// The series index of a row's species, nil when the species is null.
    func index(ofRow row: Int, in penguins: Penguins) -> Int? {
        penguins.species.string(row).flatMap { indexOfLevel[$0] }
    }

    func legend(symbol: Chart.LegendEntry.Symbol) -> [Chart.LegendEntry] {
        levels.enumerated().map { Chart.LegendEntry(label: $1, style: style($0), symbol: symbol) }
    }
}
