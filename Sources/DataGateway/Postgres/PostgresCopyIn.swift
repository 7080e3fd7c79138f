import CLibPQ

/// Runs a `COPY … FROM STDIN` whose data a body sends through libpq, and ends it: properly when the body
/// returns, with an abort when it throws.
struct PostgresCopyIn {
    let connection: PostgresConnection

    /// Streams rows in text format through a ``PostgresCopyWriter``.
    func write(_ copySQL: String, columnCount: Int, rows: some Sequence<[SQLValue]>) throws(DatabaseError) -> Int {
        try write(copySQL) { handle throws(DatabaseError) in
            var writer = PostgresCopyWriter(columnCount: columnCount)
            var rowCount = 0
            for row in rows {
                rowCount += 1
                try writer.append(row, rowNumber: rowCount, to: handle)
            }
            try writer.flush(to: handle)
            return rowCount
        }
    }

    /// Starts the COPY, has `send` put its data on the connection and return the rows it sent, then ends it.
    func write(_ copySQL: String, _ send: (OpaquePointer) throws(DatabaseError) -> Int) throws(DatabaseError) -> Int {
        try connection.withResult(expecting: [PGRES_COPY_IN], { PQexec($0, copySQL) }) { _ in }
        let handle = try connection.handle()
        let rowCount: Int
        do throws(DatabaseError) {
            rowCount = try send(handle)
        } catch {
            PQputCopyEnd(handle, "aborted by the gateway")
            let serverError = connection.drainResults(handle)
            // A row the gateway refused is reported as such; when libpq refused to send, the server
            // has usually failed the COPY already, and its error says why.
            throw error.kind == .invalidInput ? error : serverError ?? error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw connection.drainResults(handle)
                ?? PostgresErrors.clientError(String(cString: PQerrorMessage(handle)), handle)
        }
        if let serverError = connection.drainResults(handle) { throw serverError }
        return rowCount
    }
}
