import CLibPQ

/// A server-side prepared statement, parsed and planned once for a loop of executions
/// (e.g. writing scores back row by row).
///
/// It is deallocated on the server when released, unless its connection has closed already, in which
/// case the server dropped it with the session.
public final class PostgresPreparedStatement: PreparedStatement {
    private let connection: PostgresConnection
    private let name: String
    private let parameterCount: Int
    /// The statement's text, which errors name.
    private let sql: String

    init(connection: PostgresConnection, sql: String) throws(DatabaseError) {
        let name = connection.nextStatementName()
        try connection.withResult(expecting: [PGRES_COMMAND_OK], { PQprepare($0, name, sql, 0, nil) }) { _ in }
        do {
            parameterCount = try connection.withResult(
                expecting: [PGRES_COMMAND_OK], { PQdescribePrepared($0, name) }
            ) { Int(PQnparams($0)) }
        } catch {
            Self.deallocate(name, on: connection)
            throw error
        }
        self.connection = connection
        self.name = name
        self.sql = sql
    }

    deinit { Self.deallocate(name, on: connection) }

    @discardableResult
    public func execute(_ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try DatabaseError.running(sql) { () throws(DatabaseError) in
            try checkCount(parameters)
            return try connection.execute(.prepared(name: name), parameters)
        }
    }

    public func query(_ parameters: [SQLValue]) throws(DatabaseError) -> Frame {
        try DatabaseError.running(sql) { () throws(DatabaseError) in
            try checkCount(parameters)
            return try connection.query(.prepared(name: name), parameters)
        }
    }

    private func checkCount(_ parameters: [SQLValue]) throws(DatabaseError) {
        guard parameters.count == parameterCount else {
            throw DatabaseError(
                .misuse, "the prepared statement takes \(parameterCount) parameters, \(parameters.count) were given")
        }
    }

    /// Best effort: a failure (e.g. inside an aborted transaction) only leaves the plan until the session ends.
    private static func deallocate(_ name: String, on connection: PostgresConnection) {
        guard connection.isOpen else { return }
        try? connection.command("DEALLOCATE \"\(name)\"")
    }
}
