import CLibPQ

extension PostgresDatabase {
    @discardableResult
    public func copyIn(into table: SQLIdentifier, columns: [SQLIdentifier], rows: BulkRows) throws(DatabaseError) -> Int {
        try rows.check(columns: columns)
        do {
            guard let encodings = try columnEncodings(of: table, columns: columns, PostgresBulkEncoding.init(oid:)), rows.fit(encodings)
            else {
                return try copyIn(into: table, columns: columns, rows: (0..<rows.rowCount).lazy.map(rows.row))
            }
            let sql = "COPY \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", "))) FROM STDIN (FORMAT binary)"
            return try DatabaseError.running(sql) { () throws(DatabaseError) in
                try PostgresCopyIn(connection: connection).write(sql) { handle throws(DatabaseError) in
                    try rows.sendBinary(encodings, to: handle)
                }
            }
        } catch var error {
            // The server counts the rows of this COPY; earlier pieces of the same sequence came before them.
            error.row = error.row.map { $0 + rows.rowsBefore }
            throw error
        }
    }
}

extension BulkRows {
    /// Whether every field has an exact binary form in its column.
    func fit(_ encodings: [PostgresBulkEncoding]) -> Bool {
        fields.indices.allSatisfy { encodings[$0 % columnCount].accepts(fields[$0]) }
    }

    /// Sends the rows as one binary COPY stream, in chunks of about 64 KiB.
    func sendBinary(_ encodings: [PostgresBulkEncoding], to connection: OpaquePointer) throws(DatabaseError) -> Int {
        let chunkSize = 64 * 1024
        var buffer = PostgresFieldEncoding.copyHeader
        buffer.reserveCapacity(chunkSize + 4096)
        try bytes.withUnsafeBufferPointer { text throws(DatabaseError) in
            for row in 0..<rowCount {
                PostgresFieldEncoding.appendWord(UInt16(columnCount), to: &buffer)
                for column in 0..<columnCount {
                    encodings[column].append(fields[row * columnCount + column], text: text, to: &buffer)
                }
                if buffer.count >= chunkSize { try PostgresCopyWriter.send(&buffer, to: connection) }
            }
        }
        // The trailer: a field count of -1.
        PostgresFieldEncoding.appendWord(UInt16.max, to: &buffer)
        try PostgresCopyWriter.send(&buffer, to: connection)
        return rowCount
    }
}
