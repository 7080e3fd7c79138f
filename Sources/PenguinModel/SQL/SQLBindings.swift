import DataGateway

/// The values a compiled statement binds, each given its own `$n` placeholder: data reaches the database as
/// a parameter, never as SQL text, so no level can end a literal whatever bytes it holds.
///
/// `$n` means the same on both engines (``DataGateway/SQLiteDatabase`` maps `$n` to the nth value), and a
/// placeholder used twice binds the same value, so an expression can appear in a SELECT and its WHERE.
/// Values are not shared between placeholders: `SQLValue`'s `==` is Swift's, which equates canonically
/// equivalent text (`é` and `e` + U+0301) that the database tells apart.
public struct SQLBindings: Sendable, Equatable {
    /// The values in placeholder order: pass them as the statement's parameters.
    public private(set) var values: [SQLValue] = []

    public init() {}

    /// A new placeholder bound to `value`.
    public mutating func placeholder(for value: SQLValue) -> String {
        values.append(value)
        return "$\(values.count)"
    }
}
