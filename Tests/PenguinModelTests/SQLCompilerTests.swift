import DataGateway
import Foundation
@testable import PenguinModel
import TestSupport
import Testing

/// The text shape of the compiled SQL; executing it against SQLite and Postgres belongs to the connector
/// tests, which run once the connectors land.
@Suite struct SQLCompilerTests {
    private func model() throws -> LinearModel { try LinearModel.fit(.penguins, to: PenguinsFixture.frame()) }

    @Test func scoringExpressionUsesEveryCoefficientAtFullPrecision() throws {
        let predictor = try model().predictor
        let w = predictor.weights
        let expression = try SQLCompiler.scoringExpression(predictor)
        #expect(expression == """
            CAST(\(predictor.intercept) + \(w[0]) * CAST("bill_length_mm" AS DOUBLE PRECISION) + \
            CAST(CASE WHEN "species" = 'Adelie' THEN 0.0 WHEN "species" = 'Chinstrap' THEN (\(w[1])) \
            WHEN "species" = 'Gentoo' THEN \(w[2]) END AS DOUBLE PRECISION) + \
            CAST(CASE WHEN "sex" = 'female' THEN 0.0 WHEN "sex" = 'male' THEN \(w[3]) END AS DOUBLE PRECISION) AS DOUBLE PRECISION)
            """)
        #expect(expression.hasPrefix("CAST(2169.26972093"))
        #expect(Double(String(w[1].description)) == w[1])
    }

    @Test func levelsAreEscapedAsStringLiterals() throws {
        let encoding = try DesignEncoding(response: "y", terms: [.categorical("name", levels: ["O'Brien", "Smith'); DROP TABLE penguins; --"])])
        let frame = try Frame(columns: [column("y", [1.0, 2, 4]), textColumn("name", ["O'Brien", "Smith'); DROP TABLE penguins; --", "O'Brien"])])
        let predictor = try LinearModel.fit(encoding, to: frame).predictor
        let expression = try SQLCompiler.scoringExpression(predictor)
        #expect(expression.contains(#"WHEN "name" = 'O''Brien' THEN 0.0"#))
        #expect(expression.contains(#"WHEN "name" = 'Smith''); DROP TABLE penguins; --' THEN"#))
        let query = try SQLCompiler.normalEquationsQuery(encoding, from: .table(SQLIdentifier("people")))
        #expect(query.sql.contains(#""name" IN ('O''Brien', 'Smith''); DROP TABLE penguins; --')"#))
    }

    @Test func nulInALevelIsRefused() throws {
        let encoding = try DesignEncoding(response: "y", terms: [.categorical("name", levels: ["a\u{0}b", "c"])])
        #expect(throws: SQLCompileError.unrepresentableText(field: "name", text: "a\u{0}b")) {
            try SQLCompiler.normalEquationsQuery(encoding, from: .table(SQLIdentifier("t")))
        }
    }

    @Test func aggregateQueryShape() throws {
        let query = try SQLCompiler.normalEquationsQuery(model().encoding, from: .subquery("SELECT * FROM penguins WHERE year > 2007"))
        let species = #"CASE WHEN "species" = 'Chinstrap' THEN CAST(1 AS DOUBLE PRECISION) ELSE CAST(0 AS DOUBLE PRECISION) END"#
        let bill = #"CAST("bill_length_mm" AS DOUBLE PRECISION)"#
        let mass = #"CAST("body_mass_g" AS DOUBLE PRECISION)"#
        #expect(query.sql.hasPrefix("SELECT COUNT(*) AS n,\n"))
        #expect(query.sql.contains("CAST(SUM(\(mass)) AS DOUBLE PRECISION) AS sum_y,"))
        #expect(query.sql.contains("CAST(SUM(\(mass) * \(mass)) AS DOUBLE PRECISION) AS sum_yy,"))
        #expect(query.sql.contains("CAST(SUM(\(bill) * \(species)) AS DOUBLE PRECISION) AS sum_x1_x2,"))
        #expect(query.sql.contains("CAST(SUM(\(species) * \(mass)) AS DOUBLE PRECISION) AS sum_x2_y,"))
        #expect(query.sql.contains("AS sum_x4_x4,"))
        #expect(!query.sql.contains("sum_x5"))
        #expect(query.sql.hasSuffix("""
            FROM (SELECT * FROM penguins WHERE year > 2007) AS source
            WHERE "body_mass_g" IS NOT NULL
              AND "bill_length_mm" IS NOT NULL
              AND "species" IN ('Adelie', 'Chinstrap', 'Gentoo')
              AND "sex" IN ('female', 'male')
            """))
        // n, Σy, Σy², then 4 sums, 10 cross products and 4 response products: one line each.
        #expect(query.sql.components(separatedBy: "\nFROM")[0].split(separator: "\n").count == 21)
    }

    @Test func aggregatesComputedInSwiftSolveToTheReferenceFit() throws {
        let model = try model()
        let query = try SQLCompiler.normalEquationsQuery(model.encoding, from: .table(SQLIdentifier("penguins")))
        let cases = try CompleteCases(of: PenguinsFixture.frame(), for: .penguins)
        let (design, response) = try model.encoding.designMatrix(for: cases.frame)
        let result = try aggregateRow(design: design, response: response)

        let equations = try query.normalEquations(from: result)
        #expect(equations == NormalEquations(design: design, response: response))
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

    @Test func anEmptyAggregateIsNoCompleteRows() throws {
        let query = try SQLCompiler.normalEquationsQuery(model().encoding, from: .table(SQLIdentifier("penguins")))
        var n = ColumnBuilder(name: "n", type: .int64)
        n.append(Int64(0))
        #expect(throws: ModelError.noCompleteRows(totalRows: 0, columns: Formula.penguins.columns)) {
            try query.normalEquations(from: Frame(columns: [n.build()]))
        }
        n.append(Int64(1))
        #expect(throws: ModelError.missingAggregate("n")) { try query.normalEquations(from: Frame(columns: [n.build()])) }
    }

    @Test func meanAbsoluteErrorQueryShape() throws {
        let predictor = try model().predictor
        let sql = try SQLCompiler.meanAbsoluteErrorQuery(predictor, from: .table(SQLIdentifier("public.penguins")))
        #expect(sql.hasPrefix(#"SELECT CAST(AVG(ABS(CAST("body_mass_g" AS DOUBLE PRECISION) - "#
            + (try SQLCompiler.scoringExpression(predictor)) + ")) AS DOUBLE PRECISION) AS mae\nFROM \"public\".\"penguins\"\nWHERE "))
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

    /// The one-row result the aggregate query would return, computed in Swift with the query's aliases.
    private func aggregateRow(design: DesignMatrix, response: [Double]) throws -> Frame {
        var columns: [Column] = []
        var n = ColumnBuilder(name: "n", type: .int64)
        n.append(Int64(design.rowCount))
        columns.append(n.build())
        func sum(_ name: String, _ term: (Int) -> Double) {
            columns.append(column(name, [(0..<design.rowCount).reduce(0) { $0 + term($1) }]))
        }
        sum("sum_y") { response[$0] }
        sum("sum_yy") { response[$0] * response[$0] }
        for i in 1..<design.columnCount {
            sum("sum_x\(i)") { design[$0, i] }
            sum("sum_x\(i)_y") { design[$0, i] * response[$0] }
            for j in i..<design.columnCount { sum("sum_x\(i)_x\(j)") { design[$0, i] * design[$0, j] } }
        }
        return try Frame(columns: columns)
    }
}
