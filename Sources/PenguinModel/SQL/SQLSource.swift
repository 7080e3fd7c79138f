import DataGateway

/// Where a compiled query reads its rows: a table, or a SELECT that filters or joins first.
public enum SQLSource: Sendable, Hashable {
    case table(SQLIdentifier)
    /// A complete SELECT statement, trusted SQL from the program (never user text); it is wrapped in
    /// parentheses and aliased, which both engines require of a subquery in FROM.
    case subquery(String)

    var sql: String {
        switch self {
        case .table(let identifier): identifier.quoted
        case .subquery(let select): "(\(select)) AS source"
        }
    }
}
