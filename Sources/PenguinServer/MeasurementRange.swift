/// The plausible values of a numeric model input, so that a typo (450 for 45.0) or a unit mistake (cm for
/// mm) is rejected instead of extrapolated into a confident nonsense prediction.
struct MeasurementRange: Sendable {
    let bounds: ClosedRange<Double>
    let unit: String
    /// The value shown in examples: the labs' example record where there is one.
    let example: Double

    /// The penguins table's measurements; bill length's 10–100 mm is the rule, the others bracket
    /// the Palmer data generously.
    static let known: [String: MeasurementRange] = [
        "bill_length_mm": MeasurementRange(bounds: 10...100, unit: "mm", example: 45),
        "bill_depth_mm": MeasurementRange(bounds: 5...40, unit: "mm", example: 17),
        "flipper_length_mm": MeasurementRange(bounds: 100...300, unit: "mm", example: 200),
    ]

    /// A measurement the table does not know: any non-negative number, since every column is a size.
    static let unknown = MeasurementRange(bounds: 0...Double.greatestFiniteMagnitude, unit: "", example: 1)

    static func of(_ field: String) -> MeasurementRange { known[field] ?? unknown }
}
