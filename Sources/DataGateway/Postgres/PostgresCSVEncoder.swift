/// Encodes CSV records as a binary COPY stream, each field in its column's type, in chunks of about 256 KiB.
///
/// It runs on the encoding thread of a ``PostgresCopyChunks``. Chunks end on tuple boundaries, so when a
/// record cannot be encoded the stream is cut before it and ended properly: the server then still reports a
/// constraint an earlier row broke, which comes first in the file, as text COPY would.
struct PostgresCSVEncoder: Sendable {
    /// How many rows went out, and the first malformed record or value, which stopped the encoding.
    struct Outcome: Sendable {
        var rows = 0
        var problem: CSVReader.Problem?
    }

    private static let chunkSize = 256 * 1024

    let columns: [String]
    let encodings: [PostgresFieldEncoding]

    /// Encodes every record `reader` has left into `chunks`; stops early when the sender cancels.
    func encode(_ reader: CSVReader, into chunks: PostgresCopyChunks<Outcome>) -> Outcome {
        var reader = reader
        var outcome = Outcome()
        var buffer = PostgresFieldEncoding.copyHeader
        buffer.reserveCapacity(Self.chunkSize + 64 * 1024)
        let fieldCount = Int16(encodings.count)
        while true {
            let tupleStart = buffer.count
            PostgresFieldEncoding.appendWord(UInt16(bitPattern: fieldCount), to: &buffer)
            var column = 0
            var failure: (column: Int, reason: String)?
            let read = reader.nextRecord { field in
                defer { column += 1 }
                guard column < encodings.count, failure == nil else { return }
                if field.isNull {
                    PostgresFieldEncoding.appendWord(UInt32.max, to: &buffer)
                } else if let reason = encodings[column].append(field.bytes, to: &buffer) {
                    failure = (column, reason)
                }
            }
            // A malformed record is reported before a bad value in it, as the text path reports it.
            if !read || failure != nil {
                buffer.removeSubrange(tupleStart...)
                outcome.problem =
                    reader.problem ?? failure.map { CSVReader.Problem(line: reader.recordLine, reason: "column \(columns[$0.column]): \($0.reason)") }
                break
            }
            outcome.rows += 1
            if buffer.count >= Self.chunkSize {
                guard chunks.put(buffer) else { return outcome }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        // The trailer: a field count of -1.
        PostgresFieldEncoding.appendWord(UInt16.max, to: &buffer)
        _ = chunks.put(buffer)
        return outcome
    }
}
