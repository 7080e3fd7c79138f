/// A numeric column of the penguins table as the pages present it: a readable name with its unit and
/// the decimals its precision deserves (bills are measured to 0.1 mm, masses to 25 g).
public struct Measure: Sendable {
    public let column: String
    public let name: String
    public let unit: String
    /// Decimals for means and standard deviations.
    public let decimals: Int

    public var label: String { "\(name) (\(unit))" }

    public static let billLength = Measure(column: "bill_length_mm", name: "Bill length", unit: "mm", decimals: 2)
    public static let billDepth = Measure(column: "bill_depth_mm", name: "Bill depth", unit: "mm", decimals: 2)
    public static let flipperLength = Measure(column: "flipper_length_mm", name: "Flipper length", unit: "mm", decimals: 1)
    public static let bodyMass = Measure(column: "body_mass_g", name: "Body mass", unit: "g", decimals: 0)

    public static let all = [billLength, billDepth, flipperLength, bodyMass]

    /// The measure a column holds, for naming a model's response or input; nil for a column the pages do not know.
    public static func named(_ column: String) -> Measure? {
        all.first { $0.column == column }
    }

    /// `Bill length (mm)` for a known measure, the column's own name otherwise (e.g. `year`).
    public static func label(of column: String) -> String {
        named(column)?.label ?? column
    }
}
