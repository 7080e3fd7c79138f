/// Why a formula could not be parsed; it points at the offending token and shows the accepted form,
/// because the formula usually comes straight from a command-line flag.
public struct FormulaError: Error, Equatable, CustomStringConvertible {
    /// The formula as given.
    public let formula: String
    /// Zero-based character offset of the problem within ``formula``.
    public let position: Int
    /// The token found there, or `end of formula`.
    public let found: String
    /// What the parser wanted instead.
    public let expected: String

    /// The accepted shape, quoted in every message.
    public static let expectedForm = "response ~ term + term + ..., e.g. body_mass_g ~ bill_length_mm + species + sex"

    public var description: String {
        let caret = String(repeating: " ", count: position) + "^"
        return """
            invalid formula at position \(position): expected \(expected), found \(found)
              \(formula)
              \(caret)
            expected form: \(Self.expectedForm)
            """
    }
}
