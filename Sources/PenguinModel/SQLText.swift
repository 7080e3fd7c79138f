/// The lexical pieces the compiler emits, each escaped for both Postgres and SQLite.
enum SQLText {
    /// A quoted identifier; embedded double quotes are doubled.
    static func identifier(_ name: String) throws(SQLCompileError) -> String {
        guard !name.utf8.contains(0) else { throw .unrepresentableText(field: name, text: name) }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A string literal; levels come from the data, so single quotes are doubled (standard SQL, and the only
    /// escape Postgres honours with `standard_conforming_strings`, its default since 9.1).
    static func string(_ text: String, field: String) throws(SQLCompileError) -> String {
        guard !text.utf8.contains(0) else { throw .unrepresentableText(field: field, text: text) }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A numeric literal that reads back as exactly `value`: Swift's description is the shortest round-trip
    /// form, and both engines parse it with correct rounding. Negative values are parenthesised.
    static func number(_ value: Double, name: String) throws(SQLCompileError) -> String {
        guard value.isFinite else { throw .nonFiniteCoefficient(name: name, value: value) }
        return value < 0 ? "(\(value.description))" : value.description
    }

    /// A numeric column forced to floating point: Postgres would otherwise sum integer products as
    /// (overflowing) integers or as slow `numeric`. SQLite gives `DOUBLE PRECISION` REAL affinity.
    static func double(_ expression: String) -> String {
        "CAST(\(expression) AS DOUBLE PRECISION)"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
