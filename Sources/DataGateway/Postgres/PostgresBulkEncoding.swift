/// How a column of ``BulkRows`` is sent by binary COPY, chosen from the column's type in the catalog.
///
/// Only the forms the rows' values have exactly: a value that does not fit its column (an integer out of an
/// `integer`'s range, a number for a `text` column) sends the whole write by text COPY instead, where the
/// server judges it as it judges any text.
enum PostgresBulkEncoding: Sendable, Equatable {
    /// text, varchar, bpchar, name and json: the UTF-8 bytes.
    case text
    /// A version byte, then the JSON text, which the server parses as it would text.
    case jsonb
    case int2, int4, int8
    case float8
    /// timestamp and timestamptz: microseconds since 2000-01-01.
    case timestamp

    init?(oid: UInt32) {
        switch PostgresType(oid: oid) {
        case .int2: self = .int2
        case .int4: self = .int4
        case .int8: self = .int8
        case .float8: self = .float8
        case .timestamp, .timestamptz: self = .timestamp
        case .jsonb: self = .jsonb
        case .text where Self.textOIDs.contains(oid): self = .text
        default: return nil
        }
    }

    /// The plain text types and json, whose binary form is the text itself.
    private static let textOIDs = PostgresFieldEncoding.plainTextOIDs.union([114])

    /// Whether `field` has an exact binary form in a column of this type.
    func accepts(_ field: BulkRows.Field) -> Bool {
        let integer = Int64(bitPattern: field.bits)
        return switch (field.kind, self) {
        case (.null, _), (.timestamp, .timestamp), (.integer, .int8), (.double, .float8): true
        // A field's length is a 32-bit word; the server refuses any value past 1 GB as text too.
        case (.text, .text), (.timestamp, .text), (.text, .jsonb): field.count < Int32.max
        case (.integer, .int4): Int32(exactly: integer) != nil
        case (.integer, .int2): Int16(exactly: integer) != nil
        default: false
        }
    }

    /// Appends `field`'s length word and binary value; `text` is the rows' buffer. Only for a field ``accepts(_:)`` took.
    func append(_ field: BulkRows.Field, text: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        func word<Word: FixedWidthInteger>(_ word: Word) { PostgresFieldEncoding.appendWord(word, to: &buffer) }
        let integer = Int64(bitPattern: field.bits)
        switch (field.kind, self) {
        case (.null, _):
            word(UInt32.max)
        case (_, .text):
            word(UInt32(field.count))
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[field.start..<(field.start + field.count)]))
        case (_, .jsonb):
            word(UInt32(field.count) + 1)
            buffer.append(1)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: text[field.start..<(field.start + field.count)]))
        case (_, .int2):
            word(UInt32(2))
            word(UInt16(bitPattern: Int16(truncatingIfNeeded: integer)))
        case (_, .int4):
            word(UInt32(4))
            word(UInt32(bitPattern: Int32(truncatingIfNeeded: integer)))
        case (_, .int8), (_, .float8):
            word(UInt32(8))
            word(field.bits)
        case (_, .timestamp):
            word(UInt32(8))
            word(UInt64(bitPattern: integer &- postgresEpochOffset * 1_000_000))
        }
    }
}
