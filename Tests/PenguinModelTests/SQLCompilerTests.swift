import DataGateway
import Foundation
@testable import PenguinModel
import TestSupport
import Testing

/// The text shape of the compiled SQL, and the grouped sums read back into the reference fit from a real SQLite
/// database; ``ModelOperationsTests`` runs the whole in-database fit on both engines.
@Suite struct SQLCompilerTests {
    private func model() throws -> LinearModel { try LinearModel.fit(.penguins, to: PenguinsFixture.frame()) }

    @Test func scoringExpressionUsesEveryCoefficientAtFullPrecision() throws {
        let predictor = try model().predictor
        let w = predictor.weights
        var bindings = SQLBindings()
        let expression = try SQLCompiler.scoringExpression(predictor, bindings: &bindings)
        #expect(expression == """
            CAST(\(predictor.intercept) + \(w[0]) * CAST("bill_length_mm" AS DOUBLE PRECISION) + \
            CAST(CASE WHEN "species" = $1 THEN 0.0 WHEN "species" = $2 THEN (\(w[1])) \
            WHEN "species" = $3 THEN \(w[2]) END AS DOUBLE PRECISION) + \
            CAST(CASE WHEN "sex" = $4 THEN 0.0 WHEN "sex" = $5 THEN \(w[3]) END AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            """)
        #expect(bindings.values == ["Adelie", "Chinstrap", "Gentoo", "female", "male"])
        #expect(expression.hasPrefix("CAST(2169.26972093"))
        #expect(Double(String(w[1].description)) == w[1])
    }

    @Test func levelsAreBoundNeverSpliced() throws {
        let levels = ["O'Brien", "Smith'); DROP TABLE penguins; --"]
        let encoding = try DesignEncoding(response: "y", terms: [.categorical("name", levels: levels)])
        let predictor = Predictor(encoding: encoding, intercept: 1, weights: [2])
        let query = try SQLCompiler.meanAbsoluteErrorQuery(predictor, from: .table(SQLIdentifier("people")))
        #expect(!query.sql.contains("Brien") && !query.sql.contains("DROP"))
        #expect(query.sql.contains(#"WHEN "name" = $2 THEN 2.0"#) && query.sql.contains(#""name" IN ($3, $4)"#))
        #expect(query.parameters == (levels + levels).map { .text($0) })
    }

    @Test("Identifiers are quoted on Unicode scalars: a quote merged into a grapheme with a mark is still doubled")
    func identifiersAreQuotedOnScalars() throws {
        // U+0D4E (a letter, category Lo) is a grapheme prepend: with the quote after it, it is one Character.
        #expect(try SQLText.identifier("a\u{D4E}\"b") == "\"a\u{D4E}\"\"b\"")
        #expect(try SQLText.identifier("a\"\u{301}") == "\"a\"\"\u{301}\"")
        #expect(throws: SQLCompileError.unrepresentableText(field: "a\u{0}b", scalar: "\u{0}")) { try SQLText.identifier("a\u{0}b") }
        #expect(throws: SQLCompileError.unrepresentableText(field: "a\u{200D}", scalar: "\u{200D}")) { try SQLText.identifier("a\u{200D}") }
    }

    @Test("Levels with a control or format character are refused with the term, the level and the code point")
    func controlAndFormatLevelsAreRefused() throws {
        for (level, scalar) in [("a\u{0}b", "U+0000"), ("line\nbreak", "U+000A"), ("\u{600}'", "U+0600"), ("a\u{200D}b", "U+200D"), ("\u{202E}evil", "U+202E")] {
            let error = #expect(throws: ModelError.self) {
                try DesignEncoding(response: "y", terms: [.categorical("name", levels: [level, "c"])])
            }
            let message = try #require(error?.description)
            #expect(message.contains("term 'name'") && message.contains(scalar), "\(message)")
        }
        // Combining marks and other letters are ordinary text.
        _ = try DesignEncoding(response: "y", terms: [.categorical("name", levels: ["e\u{301}", "\u{D4E}'x"])])
    }

    private static let labsKinds: [SufficientStatisticsQuery.TermKind] = [.numeric, .categorical, .categorical]

    @Test func sufficientStatisticsQueryShape() throws {
        let query = try SQLCompiler.sufficientStatisticsQuery(.penguins, kinds: Self.labsKinds, from: .subquery("SELECT * FROM penguins WHERE year > 2007"))
        let filter = #"FILTER (WHERE "body_mass_g" IS NOT NULL AND "bill_length_mm" IS NOT NULL AND "species" IS NOT NULL AND "sex" IS NOT NULL)"#
        let bill = #"CAST("bill_length_mm" AS DOUBLE PRECISION)"#
        let mass = #"CAST("body_mass_g" AS DOUBLE PRECISION)"#
        #expect(query.sql == """
            SELECT "species" AS level_1,
                   "sex" AS level_2,
                   COUNT(*) AS total,
                   COUNT(*) \(filter) AS n,
                   CAST(SUM(\(mass)) \(filter) AS DOUBLE PRECISION) AS sum_y,
                   CAST(SUM(\(mass) * \(mass)) \(filter) AS DOUBLE PRECISION) AS sum_yy,
                   CAST(SUM(\(bill)) \(filter) AS DOUBLE PRECISION) AS sum_x1,
                   CAST(SUM(\(bill) * \(bill)) \(filter) AS DOUBLE PRECISION) AS sum_x1_x1,
                   CAST(SUM(\(bill) * \(mass)) \(filter) AS DOUBLE PRECISION) AS sum_x1_y
            FROM (SELECT * FROM penguins WHERE year > 2007) AS source
            GROUP BY "species", "sex"
            """)
        let numericOnly = try SQLCompiler.sufficientStatisticsQuery(
            Formula(parsing: "y ~ a + b"), kinds: [.numeric, .numeric], from: .table(SQLIdentifier("t")))
        #expect(numericOnly.sql.contains("AS sum_x1_x2,") && numericOnly.sql.hasSuffix(#"FROM "t""#))
    }

    @Test("The grouped sums a real SQLite database returns give the in-memory design's normal equations and the reference fit")
    func groupedSumsSolveToTheReferenceFit() throws {
        try withMigratedDatabase(.sqlite) { test in
            let query = try SQLCompiler.sufficientStatisticsQuery(.penguins, kinds: Self.labsKinds, from: .table(SQLIdentifier("penguins")))
            let (encoding, equations, totalRows) = try query.fit(from: test.database.query(query.sql))
            let model = try model()
            #expect(encoding == model.encoding && totalRows == 344 && equations.observations == 333)
            let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins)
            let (design, response) = try model.encoding.designMatrix(for: cases.frame)
            let expected = NormalEquations(design: design, response: response)
            #expect(equations.names == expected.names)
            for (actual, wanted) in zip(equations.crossProducts + equations.responseProducts, expected.crossProducts + expected.responseProducts) {
                #expect(wanted == 0 ? actual == 0 : relativeError(actual, wanted) < 1e-12)
            }
            #expect(relativeError(equations.sumOfSquaredResponses, expected.sumOfSquaredResponses) < 1e-12)
            let fit = try equations.solve(responseName: "body_mass_g")
            for (actual, expected) in zip(fit.coefficients, ReferenceFitTests.coefficients) {
                #expect(relativeError(actual, expected) < 1e-8)
            }
            for (actual, expected) in zip(fit.standardErrors, ReferenceFitTests.standardErrors) {
                #expect(relativeError(actual, expected) < 1e-7)
            }
            #expect(relativeError(fit.rSquared, ReferenceFitTests.rSquared) < 1e-8)
            #expect(relativeError(fit.rootMeanSquaredError, ReferenceFitTests.rmse) < 1e-7)

            let sqlModel = LinearModel(
                encoding: model.encoding, fit: fit, meanAbsoluteError: ReferenceFitTests.mae, droppedRows: 11, dataFingerprint: "")
            #expect(relativeError(sqlModel.summary.adjustedRSquared, ReferenceFitTests.adjustedRSquared) < 1e-8)
            #expect(relativeError(sqlModel.summary.coefficients[3].pValue, ReferenceFitTests.pValues[3]) < 1e-6)
        }
    }

    @Test func groupsWithoutCompleteRowsAreNoCompleteRowsAndMissingSumsAreNamed() throws {
        let query = try SQLCompiler.sufficientStatisticsQuery(.penguins, kinds: Self.labsKinds, from: .table(SQLIdentifier("penguins")))
        var total = ColumnBuilder(name: "total", type: .int64)
        var n = ColumnBuilder(name: "n", type: .int64)
        for count in [Int64(7), 5] { total.append(count) }
        for _ in 0..<2 { n.append(Int64(0)) }
        let levels = [textColumn("level_1", ["Adelie", "Gentoo"]), textColumn("level_2", ["male", "female"])]
        #expect(throws: ModelError.noCompleteRows(totalRows: 12, columns: Formula.penguins.columns)) {
            try query.fit(from: Frame(columns: levels + [total.build(), n.build()]))
        }
        #expect(throws: ModelError.missingAggregate("total")) { try query.fit(from: Frame(columns: levels + [n.build()])) }
    }

    @Test func meanAbsoluteErrorQueryShape() throws {
        let predictor = try model().predictor
        let sql = try SQLCompiler.meanAbsoluteErrorQuery(predictor, from: .table(SQLIdentifier("public.penguins")))
        var bindings = SQLBindings()
        let expression = try SQLCompiler.scoringExpression(predictor, bindings: &bindings)
        #expect(sql.sql.hasPrefix(#"SELECT CAST(AVG(ABS(CAST("body_mass_g" AS DOUBLE PRECISION) - "#
            + expression + ")) AS DOUBLE PRECISION) AS mae\nFROM \"public\".\"penguins\"\nWHERE "))
        #expect(sql.sql.hasSuffix("\"species\" IN ($6, $7, $8)\n  AND \"sex\" IN ($9, $10)"))
        #expect(sql.parameters == bindings.values + bindings.values)
    }

    @Test func nonFiniteNumbersAreRefused() throws {
        #expect(throws: SQLCompileError.nonFiniteCoefficient(name: "x", value: .infinity)) {
            try SQLText.number(.infinity, name: "x")
        }
        #expect(throws: SQLCompileError.self) { try SQLText.number(.nan, name: "x") }
        #expect(try SQLText.number(-2.5e-7, name: "x") == "(-2.5e-07)")
        #expect(try SQLText.number(0.1, name: "x") == "0.1")
    }

    // MARK: - Helpers

    private func column(_ name: String, _ values: [Double]) -> Column {
        var builder = ColumnBuilder(name: name, type: .double)
        for value in values { builder.append(value) }
        return builder.build()
    }

    private func textColumn(_ name: String, _ values: [String]) -> Column {
        var builder = ColumnBuilder(name: name, type: .string)
        for value in values { builder.append(value) }
        return builder.build()
    }
}
