/// The lexical pieces the compiler emits, each valid for both Postgres and SQLite.
///
/// Values from the data (levels) never become SQL text: they are bound through ``SQLBindings``. Identifiers
/// cannot be bound, so they are quoted here, on Unicode scalars rather than `Character`s: a `"` that grapheme
/// clustering merges with a neighbouring mark is one `Character` that is not equal to `"`, yet the engine's
/// lexer still sees the byte `"` and ends the identifier.
enum SQLText {
    /// A quoted identifier; embedded double quotes are doubled. NUL, control and format characters are
    /// refused: neither engine can carry NUL, and the others only ever hide what a name really says.
    static func identifier(_ name: String) throws(SQLCompileError) -> String {
        if let scalar = name.firstControlOrFormatScalar {
            throw .unrepresentableText(field: name, scalar: scalar)
        }
        var quoted = "\""
        quoted.unicodeScalars.reserveCapacity(name.unicodeScalars.count + 2)
        for scalar in name.unicodeScalars {
            quoted.unicodeScalars.append(scalar)
            if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
        }
        quoted.unicodeScalars.append("\"")
        return quoted
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
