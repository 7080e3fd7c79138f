import PenguinLogging

/// Rows for a bulk write, built field by field into flat storage: no array and no ``SQLValue`` per row, and
/// every text's bytes side by side in one buffer.
///
/// The prediction log writes a few hundred rows every 10 ms while the server answers requests on the same
/// cores; built as `[[SQLValue]]`, each row cost an array, a string per field and, on SQLite, a copy of each
/// text. From here SQLite binds the texts in place, and Postgres receives every value in its binary form, so
/// the server parses no number or timestamp (``Database/copyIn(into:columns:rows:)``).
///
/// Append each row's fields in the order of the columns the write names.
public struct BulkRows: Sendable {
    enum Kind: UInt8, Sendable {
        case null, integer, double, text, timestamp
    }

    /// One value: for text, its bytes in ``bytes``; for a timestamp, its microseconds since 1970 and the text
    /// SQLite stores for it in ``bytes``; otherwise the number's bit pattern.
    struct Field: Sendable {
        var kind: Kind
        var count: Int32 = 0
        var start = 0
        var bits: UInt64 = 0
    }

    public let columnCount: Int
    private(set) var fields: [Field] = []
    private(set) var bytes: [UInt8] = []
    /// The last timestamp appended and where its text is, since a busy server stamps many rows alike.
    private var lastStamp: (time: LogTimestamp, start: Int, count: Int32)?

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
        fields.append(Field(kind: .text, count: Int32(bytes.count - start), start: start))
    }

    /// Appends a text field whose bytes `write` produces straight into the rows' buffer.
    public mutating func appendText(_ write: (inout TextWriter) -> Void) {
        var writer = TextWriter()
        swap(&writer.bytes, &bytes)
        let start = writer.bytes.count
        write(&writer)
        swap(&writer.bytes, &bytes)
        fields.append(Field(kind: .text, count: Int32(bytes.count - start), start: start))
    }

    /// Appends an instant: Postgres receives it as a `timestamptz`, SQLite as the ISO 8601 text
    /// ``LogTimestamp/text`` spells, the form its `strftime('%Y-%m-%dT%H:%M:%fZ')` compares with.
    public mutating func append(_ time: LogTimestamp) {
        let (start, count): (Int, Int32)
        if let lastStamp, lastStamp.time == time {
            (start, count) = (lastStamp.start, lastStamp.count)
        } else {
            start = bytes.count
            time.append(to: &bytes)
            count = Int32(bytes.count - start)
            lastStamp = (time, start, count)
        }
        let (seconds, overflow) = Int64(time.seconds).multipliedReportingOverflow(by: 1_000_000)
        let (microseconds, carry) = seconds.addingReportingOverflow(Int64(time.milliseconds) * 1_000)
        // An instant no clock gives goes as its text, which the server refuses in its own words.
        let kind: Kind = overflow || carry ? .text : .timestamp
        fields.append(Field(kind: kind, count: count, start: start, bits: UInt64(bitPattern: microseconds)))
    }

    /// Empties the rows for the next write, keeping their storage.
    public mutating func removeAll() {
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
        case .text, .timestamp: return .text(String(decoding: bytes[field.start..<(field.start + Int(field.count))], as: UTF8.self))
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
