import CLibPQ

/// Runs a `COPY … FROM STDIN (FORMAT binary)` and sends the chunks another thread encodes, so encoding
/// (on one core) and the server's inserting (on the other) overlap.
struct PostgresBinaryCopyIn {
    private static let queuedChunks = 4

    let connection: PostgresConnection

    /// Starts the COPY, then `encode` on a thread of its own, sends each chunk it queues and ends the COPY once
    /// it has ended. Returns the encoder's outcome; throws the server's error, which names the failing row.
    func write<Outcome: Sendable>(
        _ copySQL: String, encode: @escaping @Sendable (PostgresCopyChunks<Outcome>) -> Outcome
    ) throws(DatabaseError) -> Outcome {
        try connection.withResult(expecting: [PGRES_COPY_IN], { PQexec($0, copySQL) }) { _ in }
        let handle = try connection.handle()
        let chunks = PostgresCopyChunks(capacity: Self.queuedChunks, encode: encode)
        while let chunk = chunks.take() {
            let sent = chunk.withUnsafeBytes { bytes in
                PQputCopyData(handle, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
            }
            guard sent == 1 else {
                chunks.cancel()
                _ = chunks.ended()
                PQputCopyEnd(handle, "aborted by the gateway")
                // libpq refuses to send once the server has failed the COPY; the server's error says why.
                throw connection.drainResults(handle)
                    ?? PostgresErrors.clientError(String(cString: PQerrorMessage(handle)), handle)
            }
        }
        let outcome = chunks.ended()
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw connection.drainResults(handle)
                ?? PostgresErrors.clientError(String(cString: PQerrorMessage(handle)), handle)
        }
        if let serverError = connection.drainResults(handle) { throw serverError }
        return outcome
    }
}
