/// Compiles a model into SQL that Postgres and SQLite both run: a scoring expression for writing
/// predictions back in one UPDATE or INSERT … SELECT, and aggregates that fit a model without moving rows.
///
/// ## Topics
/// - ``scoringExpression(_:)``
/// - ``normalEquationsQuery(_:from:)``
/// - ``meanAbsoluteErrorQuery(_:from:)``
public enum SQLCompiler {
    /// `intercept + c₁·"x₁" + CASE WHEN "species" = 'Adelie' THEN 0.0 WHEN … END + …` as DOUBLE PRECISION.
    ///
    /// A categorical term's CASE has no ELSE, so a NULL or unknown level makes the prediction NULL rather
    /// than silently scoring the row as the reference level; NULL numeric values propagate the same way.
    public static func scoringExpression(_ predictor: Predictor) throws(SQLCompileError) -> String {
        var parts = [try SQLText.number(predictor.intercept, name: ModelCard.interceptName)]
        var weight = 0
        for term in predictor.encoding.terms {
            let column = try SQLText.identifier(term.name)
            switch term {
            case .numeric(let name):
                parts.append("\(try SQLText.number(predictor.weights[weight], name: name)) * \(SQLText.double(column))")
                weight += 1
            case .categorical(let name, let levels):
                var branches = ["WHEN \(column) = \(try SQLText.string(levels[0], field: name)) THEN 0.0"]
                for level in levels.dropFirst() {
                    let coefficient = try SQLText.number(predictor.weights[weight], name: TermEncoding.dummyName(term: name, level: level))
                    branches.append("WHEN \(column) = \(try SQLText.string(level, field: name)) THEN \(coefficient)")
                    weight += 1
                }
                // As a double, so Postgres does not add numeric branch values row by row.
                parts.append(SQLText.double("CASE \(branches.joined(separator: " ")) END"))
            }
        }
        return SQLText.double(parts.joined(separator: " + "))
    }

    /// One SELECT returning n, Σy, Σy², Σxᵢ, Σxᵢxⱼ and Σxᵢy over the complete rows of `source` whose levels
    /// the encoding knows; ``NormalEquationsQuery/normalEquations(from:)`` turns its single row into
    /// ``NormalEquations``.
    public static func normalEquationsQuery(_ encoding: DesignEncoding, from source: SQLSource) throws(SQLCompileError) -> NormalEquationsQuery {
        let features = try featureExpressions(encoding)
        let response = SQLText.double(try SQLText.identifier(encoding.response))
        var selections = [
            "COUNT(*) AS \(NormalEquationsQuery.observationsAlias)",
            "\(sum(response)) AS \(NormalEquationsQuery.sumAlias(0))",
            "\(sum("\(response) * \(response)")) AS \(NormalEquationsQuery.responseSquaresAlias)",
        ]
        for i in features.indices {
            selections.append("\(sum(features[i])) AS \(NormalEquationsQuery.sumAlias(i + 1))")
            for j in i..<features.count {
                selections.append("\(sum("\(features[i]) * \(features[j])")) AS \(NormalEquationsQuery.productAlias(i + 1, j + 1))")
            }
            selections.append("\(sum("\(features[i]) * \(response)")) AS \(NormalEquationsQuery.responseProductAlias(i + 1))")
        }
        let sql = "SELECT \(selections.joined(separator: ",\n       "))\nFROM \(source.sql)\nWHERE \(try completeRows(encoding))"
        return NormalEquationsQuery(sql: sql, encoding: encoding)
    }

    /// SELECT of the mean absolute residual (alias `mae`) over the same rows the normal equations cover:
    /// MAE is not a function of those sums, so it takes this second pass.
    public static func meanAbsoluteErrorQuery(_ predictor: Predictor, from source: SQLSource) throws(SQLCompileError) -> String {
        let response = SQLText.double(try SQLText.identifier(predictor.encoding.response))
        let prediction = try scoringExpression(predictor)
        return "SELECT \(SQLText.double("AVG(ABS(\(response) - \(prediction)))")) AS mae\nFROM \(source.sql)\nWHERE \(try completeRows(predictor.encoding))"
    }

    /// The feature columns as SQL, in feature order: numeric columns cast to double, dummies as 1.0/0.0.
    private static func featureExpressions(_ encoding: DesignEncoding) throws(SQLCompileError) -> [String] {
        var expressions: [String] = []
        for term in encoding.terms {
            let column = try SQLText.identifier(term.name)
            switch term {
            case .numeric:
                expressions.append(SQLText.double(column))
            case .categorical(let name, let levels):
                for level in levels.dropFirst() {
                    // Double literals: Postgres reads a bare 1.0 as numeric, and summing numeric products made
                    // an in-database fit of 5M rows twice as slow as reading them out and fitting here.
                    let (one, zero) = (SQLText.double("1"), SQLText.double("0"))
                    expressions.append("CASE WHEN \(column) = \(try SQLText.string(level, field: name)) THEN \(one) ELSE \(zero) END")
                }
            }
        }
        return expressions
    }

    /// Rows with every used column present and every categorical value among the known levels, so that a
    /// level added after the encoding was made is left out rather than counted as the reference level.
    private static func completeRows(_ encoding: DesignEncoding) throws(SQLCompileError) -> String {
        var conditions = ["\(try SQLText.identifier(encoding.response)) IS NOT NULL"]
        for term in encoding.terms {
            let column = try SQLText.identifier(term.name)
            switch term {
            case .numeric:
                conditions.append("\(column) IS NOT NULL")
            case .categorical(let name, let levels):
                var literals: [String] = []
                for level in levels { literals.append(try SQLText.string(level, field: name)) }
                conditions.append("\(column) IN (\(literals.joined(separator: ", ")))")
            }
        }
        return conditions.joined(separator: "\n  AND ")
    }

    private static func sum(_ expression: String) -> String { SQLText.double("SUM(\(expression))") }
}
