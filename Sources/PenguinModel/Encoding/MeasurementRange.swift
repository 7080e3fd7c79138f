import DataGateway

/// The plausible values of a numeric model input, so that a typo (450 for 45.0) or a unit mistake (cm for
/// mm) is rejected instead of extrapolated into a confident nonsense prediction.
///
/// `/predict` and `penguins predict` both check records against it, so the API and the CLI refuse the same inputs.
public struct MeasurementRange: Sendable, Equatable {
    public let bounds: ClosedRange<Double>
    public let unit: String
    /// The value shown in examples: the labs' example record where there is one.
    public let example: Double

    /// The penguins table's measurements; bill length's 10–100 mm is the issue's rule, the others bracket
    /// the Palmer data generously.
    public static let known: [String: MeasurementRange] = [
        "bill_length_mm": MeasurementRange(bounds: 10...100, unit: "mm", example: 45),
        "bill_depth_mm": MeasurementRange(bounds: 5...40, unit: "mm", example: 17),
        "flipper_length_mm": MeasurementRange(bounds: 100...300, unit: "mm", example: 200),
    ]

    /// A measurement the table does not know: any non-negative number, since every column is a size.
    public static let unknown = MeasurementRange(bounds: 0...Double.greatestFiniteMagnitude, unit: "", example: 1)

    public static func of(_ field: String) -> MeasurementRange { known[field] ?? unknown }

    /// What is wrong with `value` for `field`, in the words the API and the CLI use, or nil when it is plausible.
    public func problem(with value: Double, field: String) -> String? {
        guard value.isFinite else { return "'\(field)' must be a finite number" }
        guard !bounds.contains(value) else { return nil }
        let limits =
            bounds.upperBound == .greatestFiniteMagnitude
            ? "must not be negative"
            : "must be from \(formatDouble(bounds.lowerBound)) to \(formatDouble(bounds.upperBound))\(unit.isEmpty ? "" : " \(unit)")"
        return "'\(field)' \(limits); got \(formatDouble(value))"
    }
}
