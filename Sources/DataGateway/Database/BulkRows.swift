import PenguinLogging

/// Rows for a bulk write, built field by field into flat storage: no array and no ``SQLValue`` per row, and
/// every text's bytes side by side in one buffer.
///
/// The prediction log writes a few hundred rows every 10 ms while the server answers requests on the same
/// cores; built as `[[SQLValue]]`, each row cost an array, a string per field and, on SQLite, a copy of each
/// text. From here SQLite binds the texts in place, and Postgres receives every value in its binary form, so
/// the server parses no number or timestamp (``Database/copyIn(into:columns:rows:)``; a value without an exact
/// binary form in its column sends the write as text, and a `jsonb` value is parsed either way).
///
/// Append each row's fields in the order of the columns the write names. A long sequence of rows can be
/// written in pieces, each emptied by ``removeAll()`` once written: an error then still names a row by its place
/// in the whole sequence.
public struct BulkRows: Sendable {
    enum Kind: UInt8, Sendable {
        case null, integer, double, text, timestamp
    }

    /// One value: for text, its bytes in ``bytes``; for a timestamp, its microseconds since 1970 and the text
    /// SQLite stores for it in ``bytes``; otherwise the number's bit pattern.
    struct Field: Sendable {
        var kind: Kind
        var count = 0
        var start = 0
        var bits: UInt64 = 0
    }

    public let columnCount: Int
    private(set) var fields: [Field] = []
    private(set) var bytes: [UInt8] = []
    /// Rows emptied out by ``removeAll()`` before these, which an error's row number counts after.
    private(set) var rowsBefore = 0
    /// The last timestamp appended and where its text is, since a busy server stamps many rows alike.
    private var lastStamp: (time: LogTimestamp, start: Int, count: Int)?

    public init(columns: Int) {
        columnCount = columns
    }

    /// Complete rows appended; a row still being appended is not counted.
    public var rowCount: Int { fields.count / max(1, columnCount) }

    public mutating func appendNull() {
        fields.append(Field(kind: .null))
    }

    public mutating func append(_ value: Int64) {
        fields.append(Field(kind: .integer, bits: UInt64(bitPattern: value)))
    }

    public mutating func append(_ value: Double) {
        fields.append(Field(kind: .double, bits: value.bitPattern))
    }

    public mutating func append(_ text: String) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        fields.append(Field(kind: .text, count: bytes.count - start, start: start))
    }

    /// Appends a text field whose bytes `write` produces straight into the rows' buffer.
    public mutating func appendText(_ write: (inout TextWriter) -> Void) {
        var writer = TextWriter()
        swap(&writer.bytes, &bytes)
        let start = writer.bytes.count
        write(&writer)
        swap(&writer.bytes, &bytes)
        fields.append(Field(kind: .text, count: bytes.count - start, start: start))
    }

    /// Appends an instant: Postgres receives it as a `timestamptz`, SQLite as the ISO 8601 text
    /// ``LogTimestamp/text`` spells, the form its `strftime('%Y-%m-%dT%H:%M:%fZ')` compares with. The instant
    /// is a clock's: in the years 1 to 9999, with 0 to 999 milliseconds.
    public mutating func append(_ time: LogTimestamp) {
        precondition(
            Self.clockSeconds.contains(time.seconds) && (0..<1_000).contains(time.milliseconds),
            "an instant outside the years 1 to 9999, or with milliseconds outside 0 to 999")
        let (start, count): (Int, Int)
        if let lastStamp, lastStamp.time == time {
            (start, count) = (lastStamp.start, lastStamp.count)
        } else {
            start = bytes.count
            time.append(to: &bytes)
            count = bytes.count - start
            lastStamp = (time, start, count)
        }
        let microseconds = Int64(time.seconds) * 1_000_000 + Int64(time.milliseconds) * 1_000
        fields.append(Field(kind: .timestamp, count: count, start: start, bits: UInt64(bitPattern: microseconds)))
    }

    /// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in seconds since 1970: the years ``LogTimestamp`` writes in four digits.
    private static let clockSeconds = -62_135_596_800...253_402_300_799

    /// Empties the rows for the next write, keeping their storage.
    public mutating func removeAll() {
        rowsBefore += rowCount
        fields.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        lastStamp = nil
    }

    /// Refuses a write that names other columns than the rows have, or whose last row is unfinished.
    func check(columns: [SQLIdentifier]) throws(DatabaseError) {
        guard columnCount == columns.count, !columns.isEmpty else {
            throw DatabaseError(.misuse, "the rows have \(columnCount) columns, but \(columns.count) columns were named")
        }
        guard fields.count % columnCount == 0 else {
            throw DatabaseError(.misuse, "row \(rowCount + 1) has \(fields.count % columnCount) of its \(columnCount) values")
        }
    }

    /// Field `index`'s value, for a path that binds values one by one.
    func value(at index: Int) -> SQLValue {
        let field = fields[index]
        switch field.kind {
        case .null: return .null
        case .integer: return .integer(Int64(bitPattern: field.bits))
        case .double: return .double(Double(bitPattern: field.bits))
        case .text, .timestamp: return .text(String(decoding: bytes[field.start..<(field.start + field.count)], as: UTF8.self))
        }
    }

    /// Row `row`'s values.
    func row(_ row: Int) -> [SQLValue] {
        (row * columnCount..<(row + 1) * columnCount).map(value(at:))
    }

    /// Writes a text field's bytes into the rows' buffer.
    public struct TextWriter: TextOutputStream {
        fileprivate var bytes: [UInt8] = []

        public mutating func write(_ string: String) {
            bytes.append(contentsOf: string.utf8)
        }
    }
}
