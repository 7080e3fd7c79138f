import CSQLite

/// Rows gathered for one multi-row `INSERT` of ``SQLiteBulkInsert``, which binds them itself.
protocol SQLiteBatchRows {
    var rowCount: Int { get }
    /// Runs `statement`, whose parameters are exactly the fields of `rows` in order.
    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError)
    /// Empties the batch for the next one, keeping its storage.
    mutating func removeAll()
}

/// Rows of bound values, as ``Database/copyIn(into:columns:rows:)`` receives them.
struct SQLiteValueRows: SQLiteBatchRows {
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
struct SQLiteTextRows: SQLiteBatchRows {
    let columns: Int
    private var bytes: [UInt8] = []
    /// Where each field's bytes start in `bytes`, and how many there are; a negative count is NULL.
    private var fields: [(start: Int, count: Int)] = []

    init(columns: Int) {
        self.columns = columns
    }

    var rowCount: Int { fields.count / max(1, columns) }

    /// Appends `reader`'s next record; false, with nothing appended, at the end or at the reader's first problem.
    mutating func appendRecord(from reader: inout CSVReader) -> Bool {
        let (fieldMark, byteMark) = (fields.count, bytes.count)
        let read = reader.nextRecord { field in
            if field.isNull {
                fields.append((0, -1))
            } else {
                fields.append((bytes.count, field.bytes.count))
                bytes.append(contentsOf: field.bytes)
            }
        }
        if !read {
            fields.removeSubrange(fieldMark...)
            bytes.removeSubrange(byteMark...)
        }
        return read
    }

    func execute(_ rows: Range<Int>, on statement: SQLiteStatement) throws(DatabaseError) {
        let chosen = fields[(rows.lowerBound * columns)..<(rows.upperBound * columns)]
        _ = try bytes.withUnsafeBufferPointer { buffer throws(DatabaseError) in
            try buffer.withMemoryRebound(to: CChar.self) { text throws(DatabaseError) in
                // SQLite reads the bound bytes only while the statement runs, which is inside this closure.
                try statement.execute { prepared in
                    for (slot, field) in chosen.enumerated() {
                        let index = Int32(slot + 1)
                        let code =
                            if field.count < 0 {
                                sqlite3_bind_null(prepared, index)
                            } else if let base = text.baseAddress, field.count > 0 {
                                sqlite3_bind_text64(prepared, index, base + field.start, UInt64(field.count), nil, UInt8(SQLITE_UTF8))
                            } else {
                                SQLiteStatement.bind("", to: prepared, at: index)
                            }
                        guard code == SQLITE_OK else { return code }
                    }
                    return SQLITE_OK
                }
            }
        }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
    }
}
