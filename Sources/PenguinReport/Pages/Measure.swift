/// A numeric column of the penguins table as the report presents it: a readable name with its unit and
/// the decimals its precision deserves (bills are measured to 0.1 mm, masses to 25 g).
struct Measure: Sendable {
    let column: String
    let name: String
    let unit: String
    /// Decimals for means and standard deviations.
    let decimals: Int

    var label: String { "\(name) (\(unit))" }

    static let billLength = Measure(column: "bill_length_mm", name: "Bill length", unit: "mm", decimals: 2)
    static let billDepth = Measure(column: "bill_depth_mm", name: "Bill depth", unit: "mm", decimals: 2)
    static let flipperLength = Measure(column: "flipper_length_mm", name: "Flipper length", unit: "mm", decimals: 1)
    static let bodyMass = Measure(column: "body_mass_g", name: "Body mass", unit: "g", decimals: 0)

    static let all = [billLength, billDepth, flipperLength, bodyMass]

    /// The measure a column holds, for naming a model's response; nil for a column the report does not know.
    static func named(_ column: String) -> Measure? {
        all.first { $0.column == column }
    }
}
