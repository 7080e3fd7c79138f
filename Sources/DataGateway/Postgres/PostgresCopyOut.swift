import CLibPQ

/// Runs a `COPY … TO STDOUT (FORMAT binary)` and feeds each message to a ``PostgresBinaryCopyReader``.
struct PostgresCopyOut {
    let connection: PostgresConnection

    /// Reads the whole stream; the server sends one row per message, so each message counts one row on `progress`.
    func read(
        _ copySQL: String, names: [String], types: [PostgresType], capacity: Int, progress: LoadProgress?
    ) throws(DatabaseError) -> Frame {
        try connection.withResult(expecting: [PGRES_COPY_OUT], { PQexec($0, copySQL) }) { _ in }
        let handle = try connection.handle()
        var reader = PostgresBinaryCopyReader(names: names, types: types, capacity: capacity)
        var failure: DatabaseError?
        // After a failure the stream is still read to its end, so the connection stays usable.
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(handle, &buffer, 0)
            if length == -1 { break }
            guard length > 0, let message = buffer else {
                failure = failure ?? PostgresErrors.clientError(String(cString: PQerrorMessage(handle)), handle)
                break
            }
            defer { PQfreemem(message) }
            if failure == nil {
                do {
                    try reader.consume(UnsafeRawBufferPointer(start: message, count: Int(length)))
                    progress?.rowRead()
                } catch {
                    failure = error
                }
            }
        }
        progress?.finish()
        // A server error (e.g. division by zero in row 1000) arrives as the COPY's final result.
        if let serverError = connection.drainResults(handle) { throw serverError }
        if let failure { throw failure }
        return try reader.frame()
    }
}
