import DataGateway

/// Compiles a model into SQL that Postgres and SQLite both run: a scoring expression for writing
/// predictions back in one UPDATE or INSERT … SELECT, and aggregates that fit a model without moving rows.
///
/// ## Topics
/// - ``scoringExpression(_:bindings:)``
/// - ``meanAbsoluteErrorQuery(_:from:)``
///
/// Levels are bound as parameters through ``SQLBindings``, never spliced into the text: they come from the
/// data or from a model card on a board, which whoever can write the board controls.
public enum SQLCompiler {
    /// `intercept + c₁·"x₁" + CASE WHEN "species" = $1 THEN 0.0 WHEN … END + …` as DOUBLE PRECISION, with
    /// each level bound in `bindings`.
    ///
    /// A categorical term's CASE has no ELSE, so a NULL or unknown level makes the prediction NULL rather
    /// than silently scoring the row as the reference level; NULL numeric values propagate the same way.
    public static func scoringExpression(_ predictor: Predictor, bindings: inout SQLBindings) throws(SQLCompileError) -> String {
        var parts = [try SQLText.number(predictor.intercept, name: ModelCard.interceptName)]
        var weight = 0
        for term in predictor.encoding.terms {
            let column = try SQLText.identifier(term.name)
            switch term {
            case .numeric(let name):
                parts.append("\(try SQLText.number(predictor.weights[weight], name: name)) * \(SQLText.double(column))")
                weight += 1
            case .categorical(let name, let levels):
                var branches = ["WHEN \(column) = \(bindings.placeholder(for: .text(levels[0]))) THEN 0.0"]
                for level in levels.dropFirst() {
                    let coefficient = try SQLText.number(predictor.weights[weight], name: TermEncoding.dummyName(term: name, level: level))
                    branches.append("WHEN \(column) = \(bindings.placeholder(for: .text(level))) THEN \(coefficient)")
                    weight += 1
                }
                // As a double, so Postgres does not add numeric branch values row by row.
                parts.append(SQLText.double("CASE \(branches.joined(separator: " ")) END"))
            }
        }
        return SQLText.double(parts.joined(separator: " + "))
    }

    /// One SELECT returning, per combination of the categorical terms' levels, the row count, and over the
    /// complete rows n, Σy, Σy² and, for the numeric terms, Σxᵢ, Σxᵢxⱼ and Σxᵢy;
    /// ``SufficientStatisticsQuery/fit(from:)`` turns its rows into the encoding and the normal equations.
    static func sufficientStatisticsQuery(
        _ formula: Formula, kinds: [SufficientStatisticsQuery.TermKind], from source: SQLSource
    ) throws(SQLCompileError) -> SufficientStatisticsQuery {
        typealias Query = SufficientStatisticsQuery
        var complete = ["\(try SQLText.identifier(formula.response)) IS NOT NULL"]
        for name in formula.terms { complete.append("\(try SQLText.identifier(name)) IS NOT NULL") }
        let filter = "FILTER (WHERE \(complete.joined(separator: " AND ")))"
        func sum(_ expression: String) -> String { SQLText.double("SUM(\(expression)) \(filter)") }
        var levels: [String] = []
        var groups: [String] = []
        var numerics: [String] = []
        for (name, kind) in zip(formula.terms, kinds) {
            let column = try SQLText.identifier(name)
            switch kind {
            case .categorical:
                groups.append(column)
                levels.append("\(column) AS \(Query.levelAlias(groups.count))")
            case .numeric:
                numerics.append(SQLText.double(column))
            }
        }
        let response = SQLText.double(try SQLText.identifier(formula.response))
        var selections = levels + [
            "COUNT(*) AS \(Query.totalAlias)",
            "COUNT(*) \(filter) AS \(Query.observationsAlias)",
            "\(sum(response)) AS \(Query.responseSumAlias)",
            "\(sum("\(response) * \(response)")) AS \(Query.responseSquaresAlias)",
        ]
        for i in numerics.indices {
            selections.append("\(sum(numerics[i])) AS \(Query.sumAlias(i + 1))")
            for j in i..<numerics.count {
                selections.append("\(sum("\(numerics[i]) * \(numerics[j])")) AS \(Query.productAlias(i + 1, j + 1))")
            }
            selections.append("\(sum("\(numerics[i]) * \(response)")) AS \(Query.responseProductAlias(i + 1))")
        }
        var sql = "SELECT \(selections.joined(separator: ",\n       "))\nFROM \(source.sql)"
        if !groups.isEmpty { sql += "\nGROUP BY \(groups.joined(separator: ", "))" }
        return SufficientStatisticsQuery(sql: sql, formula: formula, kinds: kinds)
    }

    /// SELECT of the mean absolute residual (alias `mae`) over the same rows the normal equations cover, and
    /// the levels it binds: MAE is not a function of those sums, so it takes this second pass.
    public static func meanAbsoluteErrorQuery(
        _ predictor: Predictor, from source: SQLSource
    ) throws(SQLCompileError) -> (sql: String, parameters: [SQLValue]) {
        var bindings = SQLBindings()
        let response = SQLText.double(try SQLText.identifier(predictor.encoding.response))
        let prediction = try scoringExpression(predictor, bindings: &bindings)
        let rows = try completeRows(predictor.encoding, bindings: &bindings)
        return ("SELECT \(SQLText.double("AVG(ABS(\(response) - \(prediction)))")) AS mae\nFROM \(source.sql)\nWHERE \(rows)", bindings.values)
    }

    /// Rows with every used column present and every categorical value among the known levels, so that a
    /// level added after the encoding was made is left out rather than counted as the reference level.
    private static func completeRows(_ encoding: DesignEncoding, bindings: inout SQLBindings) throws(SQLCompileError) -> String {
        var conditions = ["\(try SQLText.identifier(encoding.response)) IS NOT NULL"]
        for term in encoding.terms {
            let column = try SQLText.identifier(term.name)
            switch term {
            case .numeric:
                conditions.append("\(column) IS NOT NULL")
            case .categorical(_, let levels):
                conditions.append("\(column) IN (\(levels.map { bindings.placeholder(for: .text($0)) }.joined(separator: ", ")))")
            }
        }
        return conditions.joined(separator: "\n  AND ")
    }
}
