extension PostgresDatabase {
    /// Loads the records `reader` has left by binary COPY, each field sent in its column's exact type as the
    /// catalog gives it, parsed and encoded on a second thread while this one sends.
    ///
    /// The server then only copies values in, instead of parsing every field's text, which was the cost of
    /// a large CSV migration. Returns nil, having sent nothing, when a column is not in the table or has a
    /// type ``PostgresFieldEncoding`` does not encode: the caller then loads by text COPY, and the server parses
    /// those types (and reports a missing column) as it always has. A malformed record or a bad value is
    /// returned in the outcome with its line, after the rows before it were sent; the server's error, which
    /// names a row by its 1-based number in `row`, is thrown.
    func copyInCSV(
        into table: SQLIdentifier, columns: [SQLIdentifier], reader: CSVReader
    ) throws(DatabaseError) -> PostgresCSVEncoder.Outcome? {
        guard let encodings = try columnEncodings(of: table, columns: columns, PostgresFieldEncoding.init(oid:)) else { return nil }
        let encoder = PostgresCSVEncoder(columns: columns.map(\.description), encodings: encodings)
        let sql = "COPY \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", "))) FROM STDIN (FORMAT binary)"
        return try DatabaseError.running(sql) { () throws(DatabaseError) in
            try PostgresBinaryCopyIn(connection: connection).write(sql) { chunks in encoder.encode(reader, into: chunks) }
        }
    }

    /// Each column's encoding, made by `encoding` from the column's type in the catalog; nil when a column is
    /// missing or `encoding` has none for its type.
    func columnEncodings<Encoding>(
        of table: SQLIdentifier, columns: [SQLIdentifier], _ encoding: (UInt32) -> Encoding?
    ) throws(DatabaseError) -> [Encoding]? {
        guard let types = try columnTypes(of: table, columns: columns) else { return nil }
        var encodings: [Encoding] = []
        for type in types {
            guard let made = encoding(type) else { return nil }
            encodings.append(made)
        }
        return encodings
    }

    /// Each column's type OID from the catalog (a domain's base type, whose binary form the domain shares),
    /// or nil when one is missing.
    func columnTypes(of table: SQLIdentifier, columns: [SQLIdentifier]) throws(DatabaseError) -> [UInt32]? {
        if columnTypeLookup == nil {
            columnTypeLookup = try PostgresPreparedStatement(
                connection: connection,
                sql: """
                    SELECT a.attname::text AS name, (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)::int8 AS type
                    FROM pg_attribute AS a JOIN pg_type AS t ON t.oid = a.atttypid
                    WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
                    """)
        }
        guard let catalog = try columnTypeLookup?.query([.text(table.quoted)]) else { return nil }
        let names = try? catalog.column("name")
        let types = try? catalog.column("type")
        var byName: [String: UInt32] = [:]
        for row in 0..<catalog.rowCount {
            guard let name = names?.string(row), let type = types?.int64(row) else { continue }
            byName[name] = UInt32(truncatingIfNeeded: type)
        }
        var found: [UInt32] = []
        for column in columns {
            guard column.parts.count == 1, let type = byName[column.description] else { return nil }
            found.append(type)
        }
        return found
    }
}
