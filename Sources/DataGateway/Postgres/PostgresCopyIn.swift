import CLibPQ

/// Runs a `COPY … FROM STDIN` (text format) and streams rows to it through a ``PostgresCopyWriter``.
struct PostgresCopyIn {
    let connection: PostgresConnection

    func write(_ copySQL: String, columnCount: Int, rows: some Sequence<[SQLValue]>) throws(DatabaseError) -> Int {
        try connection.withResult(expecting: [PGRES_COPY_IN], { PQexec($0, copySQL) }) { _ in }
        let handle = try connection.handle()
        var writer = PostgresCopyWriter(columnCount: columnCount)
        var rowCount = 0
        do throws(DatabaseError) {
            for row in rows {
                rowCount += 1
                try writer.append(row, rowNumber: rowCount, to: handle)
            }
            try writer.flush(to: handle)
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
