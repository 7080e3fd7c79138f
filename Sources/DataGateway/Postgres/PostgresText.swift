/// The text forms the connector sends to the server for bound parameters and `COPY … FROM STDIN` fields.
enum PostgresText {
    /// The shortest text that parses back to exactly `value`, in the spelling float8 input accepts.
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// `value` as a text-format parameter; nil for NULL.
    static func parameter(_ value: SQLValue) throws(DatabaseError) -> String? {
        switch value {
        case .null: return nil
        case .integer(let value): return String(value)
        case .double(let value): return double(value)
        case .bool(let value): return value ? "t" : "f"
        case .text(let value):
            guard !value.utf8.contains(0) else { throw nulInText }
            return value
        }
    }

    static let nulInText = DatabaseError(
        .invalidInput, "a text value contains a NUL character, which Postgres text cannot store")
}
