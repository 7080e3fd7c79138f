/// A connection to one database, the only code in the gateway that touches a driver.
///
/// Implementations wrap one C handle (a `PGconn` or a `sqlite3`) and are used from one task at a time.
/// Every value reaches the server as a bound parameter; identifiers go through ``SQLIdentifier``.
///
/// ## Topics
/// - ``execute(_:_:)`` and ``query(_:_:)`` for small statements
/// - ``readFrame(_:)`` for the bulk read path
/// - ``copyIn(into:columns:rows:)`` for the bulk write path
/// - ``prepare(_:)`` and ``begin(_:)`` / ``commit()`` / ``rollback()``
public protocol Database: AnyObject {
    /// The engine, safe to log or show.
    var kind: DatabaseKind { get }

    /// Runs SQL text that may hold several statements and takes no parameters, such as a migration file.
    func executeScript(_ sql: String) throws(DatabaseError)

    /// Runs one statement with bound parameters and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int

    /// Runs one statement with bound parameters and returns its rows as a frame.
    func query(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Frame

    /// Reads a whole query result into a frame by the engine's fastest path
    /// (binary `COPY … TO STDOUT` on Postgres, one `sqlite3_step` pass on SQLite), counting rows on `progress`.
    func readFrame(_ sql: String, progress: LoadProgress?) throws(DatabaseError) -> Frame

    /// Reads a query result by the same path as ``readFrame(_:progress:)`` in frames of at most `rows` rows, in
    /// order, handing each to `body` before the next is read, so memory holds one batch whatever the result's
    /// size. `body` sees at least one frame (an empty one for an empty result), so it always learns the columns.
    /// Database failures are ``DatabaseError``s; a failure of `body` is rethrown as it is.
    func readBatches(_ sql: String, rows: Int, progress: LoadProgress?, _ body: (Frame) throws -> Void) throws

    /// Runs `body` with this connection refusing every write, for queries a user supplies to read:
    /// a `READ ONLY` transaction on Postgres, and on SQLite each statement prepared meanwhile must be one
    /// that `sqlite3_stmt_readonly` says cannot change the database. A write fails with
    /// ``DatabaseError/Kind/writeRefused`` before it changes anything.
    func readOnly<Result>(_ body: () throws -> Result) throws -> Result

    /// Compiles a statement once for repeated execution.
    func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement

    /// Writes rows into `table` by the engine's bulk path (`COPY FROM STDIN` on Postgres, one reused prepared
    /// `INSERT` on SQLite) and returns the number written. It does not open a transaction of its own:
    /// callers that want all-or-nothing wrap it in one.
    @discardableResult
    func copyIn(into table: SQLIdentifier, columns: [SQLIdentifier], rows: some Sequence<[SQLValue]>) throws(DatabaseError) -> Int

    /// Writes ``BulkRows`` the same way, for a writer that runs often beside other work: SQLite binds the rows'
    /// texts where they lie, and Postgres takes every value in binary (`COPY … (FORMAT binary)`, each column's
    /// type from the catalog), unless a column's type has no binary form for its values, when it takes text.
    @discardableResult
    func copyIn(into table: SQLIdentifier, columns: [SQLIdentifier], rows: BulkRows) throws(DatabaseError) -> Int

    /// Runs `body`, a load that writes far more than anything else does and runs its own transaction, in the
    /// engine's cheapest durable way. SQLite gives it a rollback journal when no other connection has the file
    /// open (see ``SQLiteDatabase``); Postgres runs it as it is.
    func loadingInBulk<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result

    /// Starts a transaction.
    func begin(_ mode: TransactionMode) throws(DatabaseError)
    func commit() throws(DatabaseError)
    func rollback() throws(DatabaseError)

    /// Closes the connection; later calls fail with a `.misuse` error.
    func close()
}

/// How a transaction takes its locks, and whether it may write.
public enum TransactionMode: Sendable {
    /// Take locks as statements need them.
    case deferred
    /// Take the write lock at once (SQLite `BEGIN IMMEDIATE`), so concurrent writers queue instead of failing.
    case immediate
    /// Refuse writes: Postgres `BEGIN READ ONLY`. SQLite has no such transaction and runs a deferred one;
    /// ``Database/readOnly(_:)`` is what refuses writes on both engines.
    case readOnly
}

/// A statement compiled once and run many times with different parameters.
public protocol PreparedStatement: AnyObject {
    /// Runs the statement and returns the number of rows changed.
    @discardableResult
    func execute(_ parameters: [SQLValue]) throws(DatabaseError) -> Int

    /// Runs the statement and returns its rows.
    func query(_ parameters: [SQLValue]) throws(DatabaseError) -> Frame
}

extension Database {
    public func loadingInBulk<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        try body()
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    public func transaction<Result>(
        _ mode: TransactionMode = .deferred, _ body: () throws(DatabaseError) -> Result
    ) throws(DatabaseError) -> Result {
        try transaction(mode, failure: { $0 }, body)
    }

    /// Runs `body`, which may fail with errors of any type, inside a transaction; a failure to begin or
    /// commit is the `DatabaseError`. A closure not written `throws(DatabaseError)` lands here.
    public func transaction<Result>(_ mode: TransactionMode = .deferred, _ body: () throws -> Result) throws -> Result {
        try transaction(mode, failure: { $0 }, body)
    }

    /// The one implementation of both: a failure to begin or commit becomes a `Failure` through `failure`.
    func transaction<Result, Failure: Error>(
        _ mode: TransactionMode = .deferred, failure: (DatabaseError) -> Failure, _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        do { try begin(mode) } catch { throw failure(error) }
        let result: Result
        do {
            result = try body()
        } catch {
            try? rollback()
            throw error
        }
        do {
            try commit()
        } catch {
            try? rollback()
            throw failure(error)
        }
        return result
    }

    /// Runs one statement with no parameters.
    @discardableResult
    public func execute(_ sql: String) throws(DatabaseError) -> Int { try execute(sql, []) }

    /// Runs one query with no parameters.
    public func query(_ sql: String) throws(DatabaseError) -> Frame { try query(sql, []) }

    /// Reads a whole query result into a frame by the engine's fastest path, silently.
    public func readFrame(_ sql: String) throws(DatabaseError) -> Frame { try readFrame(sql, progress: nil) }
}
