import CLibPQ

/// What a parameterized call runs: SQL text (`PQexecParams`) or a statement prepared earlier (`PQexecPrepared`).
enum PostgresStatement {
    case text(String)
    case prepared(name: String)

    private static let textFormat: Int32 = 0
    private static let binaryFormat: Int32 = 1

    func send(_ connection: OpaquePointer, _ parameters: PostgresParameters, binaryResult: Bool) -> OpaquePointer? {
        let resultFormat = binaryResult ? Self.binaryFormat : Self.textFormat
        return parameters.withValues { values in
            switch self {
            case .text(let sql):
                PQexecParams(connection, sql, parameters.count, nil, values, nil, nil, resultFormat)
            case .prepared(let name):
                PQexecPrepared(connection, name, parameters.count, values, nil, nil, resultFormat)
            }
        }
    }
}

extension PostgresConnection {
    /// Runs `statement` and returns the number of rows it changed (0 for statements that change none).
    func execute(_ statement: PostgresStatement, _ values: [SQLValue]) throws(DatabaseError) -> Int {
        let parameters = try PostgresParameters(values)
        return try withResult(
            expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK],
            { statement.send($0, parameters, binaryResult: false) }
        ) { result in
            Int(String(cString: PQcmdTuples(result))) ?? 0
        }
    }

    /// Runs `statement` and decodes its binary result into a frame.
    func query(_ statement: PostgresStatement, _ values: [SQLValue]) throws(DatabaseError) -> Frame {
        let parameters = try PostgresParameters(values)
        return try withResult(
            expecting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK],
            { statement.send($0, parameters, binaryResult: true) },
            PostgresResultReader.frame(from:))
    }
}
