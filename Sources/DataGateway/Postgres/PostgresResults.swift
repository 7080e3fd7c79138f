import CLibPQ

extension PostgresConnection {
    /// Obtains a result with `obtain`, checks its status is one of `expected`, hands it to `body`, and clears it.
    ///
    /// Every `PGresult` in the connector goes through here or through ``drainResults(_:)``, so each one
    /// has a single owner and is freed in one place.
    func withResult<Value>(
        expecting expected: [ExecStatusType],
        _ obtain: (OpaquePointer) -> OpaquePointer?,
        _ body: (OpaquePointer) throws(DatabaseError) -> Value
    ) throws(DatabaseError) -> Value {
        let connection = try handle()
        let result = obtain(connection)
        defer { PQclear(result) }
        guard let result else {
            throw PostgresErrors.clientError(String(cString: PQerrorMessage(connection)), connection)
        }
        let status = PQresultStatus(result)
        guard !expected.contains(status) else { return try body(result) }
        switch status {
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
            throw PostgresErrors.error(from: result, connection: connection)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(status, connection)
            throw DatabaseError(
                .misuse, "COPY to or from the client cannot run here",
                hint: "use readFrame for COPY … TO STDOUT and copyIn for COPY … FROM STDIN")
        default:
            throw DatabaseError(.query, "unexpected result status \(String(cString: PQresStatus(status)))")
        }
    }

    /// Runs a command that returns no rows.
    func command(_ sql: String) throws(DatabaseError) {
        try withResult(expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY], { PQexec($0, sql) }) { _ in }
    }

    /// Reads the results that follow a COPY (or any asynchronous command) until libpq has none left,
    /// returning the first error among them.
    func drainResults(_ connection: OpaquePointer) -> DatabaseError? {
        var firstError: DatabaseError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR, PGRES_BAD_RESPONSE:
                firstError = firstError ?? PostgresErrors.error(from: result, connection: connection)
            default:
                break
            }
        }
        return firstError
    }

    /// Ends a COPY the caller did not ask for, so the connection is usable again.
    private func abandonCopy(_ status: ExecStatusType, _ connection: OpaquePointer) {
        if status == PGRES_COPY_IN {
            PQputCopyEnd(connection, "COPY FROM STDIN is not supported here")
        } else {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(connection, &buffer, 0) > 0 { PQfreemem(buffer) }
        }
        _ = drainResults(connection)
    }
}
