@testable import PenguinModel
import Testing

@Suite struct FormulaTests {
    @Test func parsesTheDefaultFormulaWithAnyWhitespace() throws {
        let formula = try Formula(parsing: "  body_mass_g~bill_length_mm +\tspecies+   sex ")
        #expect(formula == Formula.penguins)
        #expect(formula.response == "body_mass_g")
        #expect(formula.terms == ["bill_length_mm", "species", "sex"])
        #expect(formula.description == "body_mass_g ~ bill_length_mm + species + sex")
    }

    @Test(arguments: [
        ("", 0, "end of formula", "the response column name"),
        ("body_mass_g", 11, "end of formula", "'~' after the response"),
        ("body_mass_g ~", 13, "end of formula", "a term name"),
        ("body_mass_g ~ + species", 14, "'+'", "a term name"),
        ("body_mass_g ~ species +", 23, "end of formula", "a term name"),
        ("body_mass_g ~ species * sex", 22, "'*' (interactions are not supported)", "'+' or the end of the formula"),
        ("body_mass_g ~ species:sex", 21, "':' (interactions are not supported)", "'+' or the end of the formula"),
        ("body_mass_g ~ species - 1", 22, "'-' (removing terms or the intercept is not supported)", "'+' or the end of the formula"),
        ("body_mass_g ~ 1bill", 14, "'1'", "a term name"),
        ("body mass ~ species", 5, "'m'", "'~' after the response"),
        ("body_mass_g ~ species + species", 24, "'species'", "a term not already listed"),
        ("body_mass_g ~ body_mass_g", 14, "'body_mass_g'", "a term other than the response"),
    ])
    func rejectsBadSyntaxNamingThePosition(text: String, position: Int, found: String, expected: String) {
        #expect(throws: FormulaError(formula: text, position: position, found: found, expected: expected)) {
            try Formula(parsing: text)
        }
    }

    @Test func errorMessagePointsAtTheTokenAndShowsTheExpectedForm() {
        let error = FormulaError(formula: "y ~ a * b", position: 6, found: "'*'", expected: "'+'")
        #expect(error.description == """
            invalid formula at position 6: expected '+', found '*'
              y ~ a * b
                    ^
            expected form: response ~ term + term + ..., e.g. body_mass_g ~ bill_length_mm + species + sex
            """)
    }
}
