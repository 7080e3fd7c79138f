import CLibPQ

/// Runs a `COPY … TO STDOUT (FORMAT binary)` and feeds each message to a ``PostgresBinaryCopyReader``.
struct PostgresCopyOut {
    let connection: PostgresConnection

    /// Reads the whole stream into one frame; the server sends one row per message, so each message counts
    /// one row on `progress`.
    func read(
        _ copySQL: String, names: [String], types: [PostgresType], capacity: Int, progress: LoadProgress?
    ) throws(DatabaseError) -> Frame {
        var reader = PostgresBinaryCopyReader(names: names, types: types, capacity: capacity)
        try pump(copySQL, into: &reader, progress: progress) { _ throws(DatabaseError) in }
        return try reader.frame()
    }

    /// Reads the stream in frames of at most `batchRows` rows, handing each to `body` as soon as it is full,
    /// so the stream is never held whole. `body` sees at least one frame, empty for an empty result, so it
    /// learns the columns either way. A failure in `body` is rethrown once the stream has been read to its
    /// end, which keeps the connection usable.
    func stream(
        _ copySQL: String, names: [String], types: [PostgresType], batchRows: Int, progress: LoadProgress?,
        _ body: (Frame) throws -> Void
    ) throws {
        var reader = PostgresBinaryCopyReader(names: names, types: types, capacity: batchRows)
        var bodyFailure: (any Error)?
        var delivered = false
        func deliver(_ reader: inout PostgresBinaryCopyReader) throws(DatabaseError) {
            let batch = try reader.takeRows()
            delivered = true
            guard bodyFailure == nil else { return }
            do { try body(batch) } catch { bodyFailure = error }
        }
        try pump(copySQL, into: &reader, progress: progress) { reader throws(DatabaseError) in
            if reader.rowCount >= batchRows { try deliver(&reader) }
        }
        if let bodyFailure { throw bodyFailure }
        try reader.finishCheck()
        if reader.rowCount > 0 || !delivered { try deliver(&reader) }
        if let bodyFailure { throw bodyFailure }
    }

    /// Feeds every CopyData message to `reader`, calling `afterMessage` after each.
    private func pump(
        _ copySQL: String, into reader: inout PostgresBinaryCopyReader, progress: LoadProgress?,
        afterMessage: (inout PostgresBinaryCopyReader) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        try connection.withResult(expecting: [PGRES_COPY_OUT], { PQexec($0, copySQL) }) { _ in }
        let handle = try connection.handle()
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
                    try afterMessage(&reader)
                } catch {
                    failure = error
                }
            }
        }
        progress?.finish()
        // A server error (e.g. division by zero in row 1000) arrives as the COPY's final result.
        if let serverError = connection.drainResults(handle) { throw serverError }
        if let failure { throw failure }
    }
}
