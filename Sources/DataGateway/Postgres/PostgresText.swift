/// The text forms the connector sends to the server, for bound parameters and for `COPY … FROM STDIN`.
enum PostgresText {
    /// The shortest text that parses back to exactly `value`, in the spelling float8 input accepts.
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// `value` as UTF-8 text for a parameter or a COPY field; nil for NULL. Postgres text cannot hold NUL.
    static func utf8(_ value: SQLValue) throws(DatabaseError) -> String? {
        switch value {
        case .null: return nil
        case .integer(let value): return String(value)
        case .double(let value): return double(value)
        case .bool(let value): return value ? "t" : "f"
        case .text(let value):
            guard !value.utf8.contains(0) else {
                throw DatabaseError(
                    .invalidInput, "a text value contains a NUL character, which Postgres text cannot store")
            }
            return value
        }
    }
}
