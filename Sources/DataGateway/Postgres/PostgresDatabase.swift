import CLibPQ
import Logging

/// A PostgreSQL connection over libpq.
///
/// The conninfo goes to libpq untouched, so everything libpq honours (the `PG*` variables, `PGPASSFILE`,
/// `PGSERVICE`, several hosts, `target_session_attrs`) keeps working. One attempt is made: retrying with
/// backoff belongs to the caller. Not `Sendable`: like the `PGconn` it wraps, it serves one task at a time.
///
/// ## Topics
/// - ``init(conninfo:logger:)``
/// - ``readFrame(_:)``
/// - ``copyIn(into:columns:rows:)``
public final class PostgresDatabase: Database {
    public let kind = DatabaseKind.postgres
    /// The server's version as libpq reports it, e.g. 150018 for 15.18, for features that depend on it.
    public let serverVersion: Int
    let connection: PostgresConnection
    /// The catalog query of ``columnTypes(of:columns:)``, prepared on first use and kept: a binary COPY must
    /// know each column's type as it is now, and a writer that runs every few milliseconds asks before each
    /// write, so a table altered between writes is written in its new types. (An `ALTER … TYPE` that commits
    /// in the moment between the question and the COPY is not guarded against.)
    var columnTypeLookup: PostgresPreparedStatement?

    /// Connects once; errors are classified as `.authentication`, `.tls` or `.connection`, and never contain
    /// the conninfo or its password.
    public init(conninfo: Secret<String>, logger: Logger) throws(DatabaseError) {
        connection = try PostgresConnection(conninfo: conninfo, logger: logger)
        serverVersion = Int(PQserverVersion(try connection.handle()))
        logger.debug("connected to postgres", metadata: ["server_version": "\(serverVersion)"])
    }

    deinit { connection.finish() }

    public func executeScript(_ sql: String) throws(DatabaseError) {
        try DatabaseError.running(sql) { () throws(DatabaseError) in try connection.command(sql) }
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try DatabaseError.running(sql) { () throws(DatabaseError) in try connection.execute(.text(sql), parameters) }
    }

    /// Decodes the rows in binary; a column of a type outside the decoded set must be cast in the SQL
    /// (``readFrame(_:)`` does that cast itself).
    public func query(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Frame {
        try DatabaseError.running(sql) { () throws(DatabaseError) in try connection.query(.text(sql), parameters) }
    }

    /// Learns the result's columns by describing the statement, then streams `COPY (sql) TO STDOUT (FORMAT binary)`.
    /// Columns of types the gateway does not decode are cast to text by the server and arrive as strings.
    public func readFrame(_ sql: String, progress: LoadProgress?) throws(DatabaseError) -> Frame {
        try DatabaseError.running(sql) { () throws(DatabaseError) in
            let columns = try describe(sql)
            let decoded = columns.map { PostgresType(oid: $0.oid) }
            return try PostgresCopyOut(connection: connection).read(
                copyQuery(sql, castToText: decoded.map { $0 == nil }),
                names: columns.map(\.name), types: decoded.map { $0 ?? .text }, capacity: estimatedRowCount(sql), progress: progress)
        }
    }

    /// The same binary `COPY … TO STDOUT` as ``readFrame(_:progress:)``, cut into frames as rows arrive: COPY
    /// already streams (libpq hands over one row per message), so no cursor or second round trip is needed,
    /// and a batched read costs what a whole read does.
    public func readBatches(_ sql: String, rows: Int, progress: LoadProgress?, _ body: (Frame) throws -> Void) throws {
        precondition(rows > 0, "batches need at least one row")
        let columns: [(name: String, oid: UInt32)]
        do { columns = try describe(sql) } catch { throw error.running(sql) }
        let decoded = columns.map { PostgresType(oid: $0.oid) }
        do {
            try PostgresCopyOut(connection: connection).stream(
                copyQuery(sql, castToText: decoded.map { $0 == nil }),
                names: columns.map(\.name), types: decoded.map { $0 ?? .text }, batchRows: rows, progress: progress, body)
        } catch let error as DatabaseError {
            throw error.running(sql)
        }
    }

    /// The server enforces it: in a `READ ONLY` transaction every write fails with SQLSTATE 25006, and the
    /// transaction is rolled back.
    public func readOnly<Result>(_ body: () throws -> Result) throws -> Result {
        try transaction(.readOnly, body)
    }

    public func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement {
        try DatabaseError.running(sql) { () throws(DatabaseError) in try PostgresPreparedStatement(connection: connection, sql: sql) }
    }

    @discardableResult
    public func copyIn(
        into table: SQLIdentifier, columns: [SQLIdentifier], rows: some Sequence<[SQLValue]>
    ) throws(DatabaseError) -> Int {
        guard !columns.isEmpty else { throw DatabaseError(.misuse, "copyIn needs at least one column") }
        let sql = "COPY \(table.quoted) (\(columns.map(\.quoted).joined(separator: ", "))) FROM STDIN"
        do {
            return try PostgresCopyIn(connection: connection).write(sql, columnCount: columns.count, rows: rows)
        } catch {
            throw error.running(sql)
        }
    }

    public func begin(_ mode: TransactionMode) throws(DatabaseError) {
        try connection.command(mode == .readOnly ? "BEGIN READ ONLY" : "BEGIN")
    }

    /// Fails when the server rolled back instead, which it does silently when an earlier statement failed.
    public func commit() throws(DatabaseError) {
        let tag = try connection.withResult(expecting: [PGRES_COMMAND_OK], { PQexec($0, "COMMIT") }) {
            String(cString: PQcmdStatus($0))
        }
        guard tag == "COMMIT" else {
            throw DatabaseError(
                .query, "the transaction was rolled back, not committed, because a statement in it failed")
        }
    }

    public func rollback() throws(DatabaseError) {
        try connection.command("ROLLBACK")
    }

    public func close() {
        connection.finish()
    }

    /// The name and type OID of each column `sql` returns, from the unnamed prepared statement.
    private func describe(_ sql: String) throws(DatabaseError) -> [(name: String, oid: UInt32)] {
        try connection.withResult(expecting: [PGRES_COMMAND_OK], { PQprepare($0, "", sql, 0, nil) }) { _ in }
        return try connection.withResult(expecting: [PGRES_COMMAND_OK], { PQdescribePrepared($0, "") }) {
            description throws(DatabaseError) in
            guard PQnparams(description) == 0 else {
                throw DatabaseError(.misuse, "the query has $n parameters, and a read takes none", hint: "write the values into the query")
            }
            return (0..<PQnfields(description)).map {
                (String(cString: PQfname(description, $0)), PQftype(description, $0))
            }
        }
    }

    /// The planner's row estimate for `sql`, so the column buffers are sized before the first row arrives.
    ///
    /// A buffer grown by doubling is copied each time and briefly held twice, which set the peak memory of a
    /// large read; a reservation costs only address space, since pages no row reaches are never touched. The
    /// estimate gets a quarter more headroom and a cap, so stale statistics cannot reserve gigabytes. The
    /// statement was just described, so the EXPLAIN cannot fail where the COPY would not.
    private func estimatedRowCount(_ sql: String) -> Int {
        guard let plan = try? connection.query(.text("EXPLAIN \(sql)"), []), plan.rowCount > 0,
            let line = plan.columns.first?.string(0), let marker = line.range(of: " rows=")
        else { return 0 }
        guard let rows = Int(line[marker.upperBound...].prefix(while: \.isNumber)) else { return 0 }
        return min(rows + rows / 4, 1 << 24)
    }

    /// The COPY statement for `sql`. Columns to cast are renamed positionally by a column alias list,
    /// so the wrapper works whatever the original names are, even repeated ones.
    private func copyQuery(_ sql: String, castToText: [Bool]) -> String {
        var query = sql
        while let last = query.last, last == ";" || last.isWhitespace { query.removeLast() }
        if castToText.contains(true) {
            let aliases = castToText.indices.map { "c\($0)" }
            let selected = zip(aliases, castToText).map { $1 ? "q.\($0)::text" : "q.\($0)" }
            query = "SELECT \(selected.joined(separator: ", ")) FROM (\n\(query)\n) AS q(\(aliases.joined(separator: ", ")))"
        }
        // Newlines keep a trailing `-- comment` in the caller's SQL from swallowing the closing parenthesis.
        return "COPY (\n\(query)\n) TO STDOUT (FORMAT binary)"
    }
}
