/// A model formula `response ~ term + term`: the one way a user names what the model predicts from what.
///
/// Only main effects are supported (no interactions, no `-1`), because the model card, the predictor and
/// the SQL compiler all assume one intercept plus one block of columns per term.
///
/// ## Topics
/// - ``init(parsing:)``
/// - ``penguins``
public struct Formula: Sendable, Hashable, CustomStringConvertible {
    /// The column the model predicts.
    public let response: String
    /// The predictor columns, in the order they were written; feature order follows it.
    public let terms: [String]

    /// The labs' model, used when the user does not give a formula.
    public static let penguins = Formula(uncheckedResponse: "body_mass_g", terms: ["bill_length_mm", "species", "sex"])

    /// Parses `text`, tolerating any whitespace between tokens.
    public init(parsing text: String) throws(FormulaError) {
        var parser = FormulaParser(text: text)
        (response, terms) = try parser.parse()
    }

    /// For names that were validated already: the built-in default and encodings rebuilt from parsed formulas.
    init(uncheckedResponse response: String, terms: [String]) {
        self.response = response
        self.terms = terms
    }

    /// Every column the model reads, response first: the complete-case filter and the fingerprint use this.
    public var columns: [String] { [response] + terms }

    /// The canonical text, single spaces around the operators, which is how cards store it.
    public var description: String { "\(response) ~ \(terms.joined(separator: " + "))" }
}

extension Formula: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
