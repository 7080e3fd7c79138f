import CSQLite

/// Rows for the multi-row `INSERT`s of ``SQLiteBulkInsert``, which bind themselves.
protocol SQLiteBatchRows {
    var rowCount: Int { get }
    /// Runs `statement`, whose parameters are exactly the fields of `rows` in order.
    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError)
}

/// Rows gathered one batch at a time from a source that is read as it goes.
protocol SQLiteGatheredRows: SQLiteBatchRows {
    /// Empties the batch for the next one, keeping its storage.
    mutating func removeAll()
}

/// Rows of bound values, as ``Database/copyIn(into:columns:rows:)`` receives them.
struct SQLiteValueRows: SQLiteGatheredRows {
    let columns: Int
    private var values: [SQLValue] = []
    /// Rows appended since the write began, across batches, so a bad one can be named.
    private(set) var rowsSeen = 0

    init(columns: Int) {
        self.columns = columns
    }

    var rowCount: Int { values.count / max(1, columns) }

    mutating func append(_ row: [SQLValue]) {
        values.append(contentsOf: row)
        rowsSeen += 1
    }

    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError) {
        try statement.execute { prepared in
            for (slot, value) in values[(rows.lowerBound * columns)..<(rows.upperBound * columns)].enumerated() {
                let code = SQLiteStatement.bind(value, to: prepared, at: Int32(slot + 1))
                guard code == SQLITE_OK else { return code }
            }
            return SQLITE_OK
        }
    }

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
    }
}

/// Rows of CSV fields, their bytes side by side in one buffer that SQLite reads in place while the
/// statement runs (`SQLITE_STATIC`) instead of copying each into memory of its own.
struct SQLiteTextRows: SQLiteGatheredRows {
    /// The columns' names, for a problem's message.
    let columnNames: [String]
    private var columns: Int { columnNames.count }
    private var bytes: [UInt8] = []
    /// Where each field's bytes start in `bytes`, and how many there are; a negative count is NULL.
    private var fields: [(start: Int, count: Int)] = []
    /// The first record with a field that is not UTF-8. SQLite would store such bytes as they are, where
    /// Postgres refuses them, so it is refused here, with its line, before anything is bound.
    private(set) var problem: CSVReader.Problem?

    init(columnNames: [String]) {
        self.columnNames = columnNames
    }

    var rowCount: Int { fields.count / max(1, columns) }

    /// Appends `reader`'s next record; false, with nothing appended, at the end, at the reader's first problem
    /// or at a field that is not UTF-8 (then ``problem``).
    mutating func appendRecord(from reader: inout CSVReader) -> Bool {
        let (fieldMark, byteMark) = (fields.count, bytes.count)
        var column = 0
        var notUTF8: Int?
        let read = reader.nextRecord { field in
            defer { column += 1 }
            if field.isNull {
                fields.append((0, -1))
            } else {
                if notUTF8 == nil, !Self.isUTF8(field.bytes) { notUTF8 = column }
                fields.append((bytes.count, field.bytes.count))
                bytes.append(contentsOf: field.bytes)
            }
        }
        if read, let notUTF8 {
            problem = CSVReader.Problem(
                line: reader.recordLine, reason: "column \(columnNames[notUTF8]): the text is not valid UTF-8; save the file as UTF-8")
        }
        guard read, problem == nil else {
            fields.removeSubrange(fieldMark...)
            bytes.removeSubrange(byteMark...)
            return false
        }
        return true
    }

    /// Checks ASCII, which nearly every field is, in a plain loop, and only other text by decoding it.
    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }

    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError) {
        let chosen = fields[(rows.lowerBound * columns)..<(rows.upperBound * columns)]
        try statement.execute(parameters: chosen.count, textIn: bytes) { prepared, index, text in
            let field = chosen[chosen.startIndex + Int(index) - 1]
            return if field.count < 0 {
                sqlite3_bind_null(prepared, index)
            } else if let text, field.count > 0 {
                sqlite3_bind_text64(prepared, index, text + field.start, UInt64(field.count), nil, UInt8(SQLITE_UTF8))
            } else {
                SQLiteStatement.bind("", to: prepared, at: index)
            }
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }
}

/// Rows built whole before the write: each text is bound where it lies in the rows' buffer.
extension BulkRows: SQLiteBatchRows {
    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError) {
        let chosen = fields[(rows.lowerBound * columnCount)..<(rows.upperBound * columnCount)]
        try statement.execute(parameters: chosen.count, textIn: bytes) { prepared, index, text in
            let field = chosen[chosen.startIndex + Int(index) - 1]
            switch field.kind {
            case .null: return sqlite3_bind_null(prepared, index)
            case .integer: return sqlite3_bind_int64(prepared, index, Int64(bitPattern: field.bits))
            case .double: return sqlite3_bind_double(prepared, index, Double(bitPattern: field.bits))
            case .text, .timestamp:
                guard let text, field.count > 0 else { return SQLiteStatement.bind("", to: prepared, at: index) }
                return sqlite3_bind_text64(prepared, index, text + field.start, UInt64(field.count), nil, UInt8(SQLITE_UTF8))
            }
        }
    }
}
