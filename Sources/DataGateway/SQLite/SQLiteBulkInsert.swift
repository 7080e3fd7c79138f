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

    /// Writes rows of bound values, such as scores or prediction log records.
    func write(_ rows: some Sequence<[SQLValue]>) throws(DatabaseError) -> Int {
        var iterator = rows.makeIterator()
        var pending = SQLiteValueRows(columns: columns.count)
        return try write(into: &pending) { pending throws(DatabaseError) in
            guard let row = iterator.next() else { return false }
            guard row.count == columns.count else {
                let number = pending.rowsSeen + 1
                throw DatabaseError(.invalidInput, "row \(number) has \(row.count) values, but \(columns.count) columns were named", row: number)
            }
            pending.append(row)
            return true
        }
    }

    /// Writes rows built whole beforehand, such as the prediction log's.
    func write(_ rows: BulkRows) throws(DatabaseError) -> Int {
        try rows.check(columns: columns)
        let single = try database.bulkInsertStatement(into: table, columns: columns, rows: 1)
        let batch = try database.bulkInsertStatement(into: table, columns: columns, rows: batchRows)
        var written = 0
        while rows.rowCount - written >= batchRows {
            let chosen = written..<(written + batchRows)
            do {
                try rows.execute(chosen, on: batch)
            } catch {
                try replay(rows, chosen, with: single, numberedAfter: rows.rowsBefore)
            }
            written += batchRows
        }
        try replay(rows, written..<rows.rowCount, with: single, numberedAfter: rows.rowsBefore)
        return rows.rowCount
    }

    /// Writes the records `reader` has left, each field bound as text straight from a buffer of the batch's
    /// bytes: a 5M-row migration then makes no `String` or `SQLValue` per field, and SQLite copies none.
    /// Stops at the first malformed record or field that is not UTF-8, and returns it with the rows written.
    func write(_ reader: inout CSVReader) throws(DatabaseError) -> (rows: Int, problem: CSVReader.Problem?) {
        var pending = SQLiteTextRows(columnNames: columns.map(\.description))
        let rows = try write(into: &pending) { pending in pending.appendRecord(from: &reader) }
        return (rows, reader.problem ?? pending.problem)
    }

    /// Runs a statement per full batch that `fill` gathers (it returns false when there are no more rows),
    /// then the rest one row at a time.
    private func write<Rows: SQLiteGatheredRows>(
        into pending: inout Rows, _ fill: (inout Rows) throws(DatabaseError) -> Bool
    ) throws(DatabaseError) -> Int {
        let single = try database.bulkInsertStatement(into: table, columns: columns, rows: 1)
        let batch = try database.bulkInsertStatement(into: table, columns: columns, rows: batchRows)
        var written = 0
        while try fill(&pending) {
            guard pending.rowCount == batchRows else { continue }
            do {
                try pending.execute(0..<batchRows, on: batch)
            } catch {
                try replay(pending, 0..<batchRows, with: single, numberedAfter: written)
            }
            written += batchRows
            pending.removeAll()
        }
        try replay(pending, 0..<pending.rowCount, with: single, numberedAfter: written)
        return written + pending.rowCount
    }

    /// Inserts `rows` of `pending` one at a time, naming the failing row: its 1-based place in `pending` plus
    /// `offset`, the rows written before `pending` was gathered, so it counts from the start of the whole write.
    private func replay(
        _ pending: some SQLiteBatchRows, _ rows: Range<Int>, with statement: SQLiteStatement, numberedAfter offset: Int
    ) throws(DatabaseError) {
        for row in rows {
            do {
                try pending.execute(row..<(row + 1), on: statement)
            } catch var error {
                error.row = offset + row + 1
                error.message = "row \(offset + row + 1): \(error.message)"
                throw error
            }
        }
    }
}

/// What a bulk insert's statement depends on, so a connection compiles each once.
struct BulkInsertShape: Hashable {
    let table: SQLIdentifier
    let columns: [SQLIdentifier]
    let rows: Int

    var sql: String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
    }
}
