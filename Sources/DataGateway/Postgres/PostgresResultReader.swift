import CLibPQ

/// Turns a binary-format `PGresult` into a frame, decoding each field as the bulk path does.
enum PostgresResultReader {
    static func frame(from result: OpaquePointer) throws(DatabaseError) -> Frame {
        let rowCount = PQntuples(result)
        var columns: [Column] = []
        for field in 0..<PQnfields(result) {
            let name = String(cString: PQfname(result, field))
            guard let type = PostgresType(oid: PQftype(result, field)) else {
                throw DatabaseError(
                    .query, "column '\(name)' has a type (OID \(PQftype(result, field))) the gateway cannot decode",
                    hint: "cast it in the query, e.g. \(name)::text, or read the result with readFrame")
            }
            var builder = ColumnBuilder(name: name, type: type.columnType, dates: type.dates, capacity: Int(rowCount))
            for row in 0..<rowCount {
                if PQgetisnull(result, row, field) == 1 {
                    builder.appendNull()
                } else {
                    let bytes = UnsafeRawBufferPointer(
                        start: PQgetvalue(result, row, field), count: Int(PQgetlength(result, row, field)))
                    try type.append(bytes, to: &builder)
                }
            }
            columns.append(builder.build())
        }
        return try Frame(postgresColumns: columns)
    }
}
