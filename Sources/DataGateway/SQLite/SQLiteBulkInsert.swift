/// The SQLite bulk write path: rows go in as multi-row `INSERT … VALUES (…), (…), …` statements of up to
/// ``batchRows`` rows each.
///
/// One execution per row made SQLite redo per-statement work for every row: it rebuilds the lookup table
/// of a `CHECK (x IN (…))` constraint each time a statement runs (the penguins table has three), besides the
/// reset and binding overhead. Batching measured ~5× faster on the 5M-row CSV migration.
///
/// When a batch fails, SQLite has undone that whole statement, so its rows are replayed one at a time: the
/// rows before the bad one are written, exactly as a row-at-a-time insert would leave them, and the error
/// names the row.
struct SQLiteBulkInsert {
    /// Rows per statement: 64, or fewer for wide tables, so a batch stays under the 999 parameters old SQLite builds allow.
    var batchRows: Int { max(1, min(64, 999 / max(1, columns.count))) }

    let database: SQLiteDatabase
    let table: SQLIdentifier
    let columns: [SQLIdentifier]

    func write(_ rows: some Sequence<[SQLValue]>) throws(DatabaseError) -> Int {
        let single = try database.prepareStatement(insertSQL(rows: 1))
        let batch = try database.prepareStatement(insertSQL(rows: batchRows))
        var pending: [[SQLValue]] = []
        pending.reserveCapacity(batchRows)
        var flat: [SQLValue] = []
        flat.reserveCapacity(batchRows * columns.count)
        var written = 0
        for row in rows {
            guard row.count == columns.count else {
                let number = written + pending.count + 1
                throw DatabaseError(.invalidInput, "row \(number) has \(row.count) values, but \(columns.count) columns were named", row: number)
            }
            pending.append(row)
            guard pending.count == batchRows else { continue }
            flat.removeAll(keepingCapacity: true)
            for row in pending { flat.append(contentsOf: row) }
            do {
                try batch.execute(flat)
                written += pending.count
            } catch {
                try replay(pending, with: single, after: written)
            }
            pending.removeAll(keepingCapacity: true)
        }
        try replay(pending, with: single, after: written)
        return written + pending.count
    }

    /// Inserts `rows` one at a time, naming the failing row (counted from the start of the whole write).
    private func replay(_ rows: [[SQLValue]], with statement: SQLiteStatement, after written: Int) throws(DatabaseError) {
        for (offset, row) in rows.enumerated() {
            do {
                try statement.execute(row)
            } catch var error {
                error.row = written + offset + 1
                error.message = "row \(written + offset + 1): \(error.message)"
                throw error
            }
        }
    }

    private func insertSQL(rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
    }
}
