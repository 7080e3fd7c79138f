/// A hand-written scanner and parser for ``Formula``; the grammar is small enough that a generator
/// would only obscure the error positions.
struct FormulaParser {
    private let characters: [Character]
    private let text: String
    private var index = 0

    init(text: String) {
        self.text = text
        self.characters = Array(text)
    }

    mutating func parse() throws(FormulaError) -> (response: String, terms: [String]) {
        let response = try identifier(expected: "the response column name")
        try symbol("~", expected: "'~' after the response")
        var terms: [String] = []
        repeat {
            let start = nextTokenStart()
            let term = try identifier(expected: "a term name")
            if term == response || terms.contains(term) {
                throw error(at: start, found: "'\(term)'", expected: term == response ? "a term other than the response" : "a term not already listed")
            }
            terms.append(term)
        } while try optionalPlus()
        skipWhitespace()
        guard index == characters.count else {
            throw error(at: index, found: describeToken(at: index), expected: "'+' or the end of the formula")
        }
        return (response, terms)
    }

    private mutating func identifier(expected: String) throws(FormulaError) -> String {
        skipWhitespace()
        let start = index
        guard index < characters.count, Self.isIdentifierStart(characters[index]) else {
            throw error(at: start, found: describeToken(at: start), expected: expected)
        }
        while index < characters.count, Self.isIdentifierStart(characters[index]) || Self.isDigit(characters[index]) {
            index += 1
        }
        return String(characters[start..<index])
    }

    private mutating func symbol(_ symbol: Character, expected: String) throws(FormulaError) {
        skipWhitespace()
        guard index < characters.count, characters[index] == symbol else {
            throw error(at: index, found: describeToken(at: index), expected: expected)
        }
        index += 1
    }

    private mutating func optionalPlus() throws(FormulaError) -> Bool {
        skipWhitespace()
        guard index < characters.count, characters[index] == "+" else { return false }
        index += 1
        return true
    }

    private mutating func nextTokenStart() -> Int {
        skipWhitespace()
        return index
    }

    private mutating func skipWhitespace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    /// Names the token at `position`, with a hint when it is an operator R accepts but this model does not.
    private func describeToken(at position: Int) -> String {
        guard position < characters.count else { return "end of formula" }
        let character = characters[position]
        switch character {
        case "*", ":", "^", "/": return "'\(character)' (interactions are not supported)"
        case "-": return "'-' (removing terms or the intercept is not supported)"
        default: return "'\(character)'"
        }
    }

    private func error(at position: Int, found: String, expected: String) -> FormulaError {
        FormulaError(formula: text, position: position, found: found, expected: expected)
    }

    private static func isIdentifierStart(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && character.isLetter)
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
