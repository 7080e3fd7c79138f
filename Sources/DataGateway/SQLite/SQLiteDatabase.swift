import CSQLite
import Logging

/// A connection to a SQLite file through libsqlite3.
///
/// It owns one `sqlite3*` handle, closed exactly once by ``close()`` or `deinit`. Statements it
/// prepares hold a strong reference to it, so the handle outlives them.
public final class SQLiteDatabase: Database {
    public let kind = DatabaseKind.sqlite
    /// The file this connection opened; a path, never a secret.
    public let path: String
    private(set) var handle: OpaquePointer?
    private let logger: Logger
    /// How long a statement waits for another connection's lock before it fails with `SQLITE_BUSY`.
    private let busyTimeout: Duration
    /// Set inside ``readOnly(_:)``: statements prepared then must not write.
    private(set) var refusesWrites = false
    /// The bulk inserts' statements, compiled once per connection: compiling the 64-row `INSERT` for each batch
    /// was an eighth of the prediction log writer's CPU, and the writer writes a batch every 10 ms.
    private var bulkInsertStatements: [BulkInsertShape: SQLiteStatement] = [:]

    /// Opens the database at `path`, creating the file if it is missing and `create` is true.
    ///
    /// Only a command that sets the database up creates the file: any other command that finds no file
    /// fails without leaving an empty one behind. Foreign keys are enforced and a busy timeout is set, so
    /// concurrent writers such as two `penguins migrate` processes wait for each other instead of failing
    /// with `SQLITE_BUSY`.
    ///
    /// A writable file is put in write-ahead-log mode (stored in the file, so an older database changes once):
    /// readers such as `penguins monitor`, the report or a second replica neither wait for `serve`'s prediction
    /// log writer nor hold it up, and each of its commits appends to the `-wal` file instead of creating,
    /// syncing and deleting a rollback journal, which cost a busy server about a tenth of its throughput.
    public init(path: String, create: Bool = true, busyTimeout: Duration = .seconds(30), logger: Logger) throws(DatabaseError) {
        self.path = path
        self.logger = logger
        self.busyTimeout = busyTimeout
        Self.configureLibrary
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            let missing = !create && code == SQLITE_CANTOPEN
            throw DatabaseError(
                .connection, "cannot open SQLite database '\(path)': \(missing ? "there is no database file there" : message)",
                resultCode: SQLiteResultCode(rawValue: code),
                hint: missing
                    ? "run `penguins migrate` to create it, or point DATABASE_URL at an existing database"
                    : "check that the directory exists and is writable")
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
        sqlite3_busy_timeout(opened, Int32(clamping: Int(busyTimeout.milliseconds)))
        try executeScript("PRAGMA foreign_keys = ON")
        if sqlite3_db_readonly(opened, "main") == 0 { try enterWriteAheadLogMode(retryingFor: busyTimeout) }
    }

    /// Process-wide settings, which SQLite accepts only before its first connection opens: without allocation
    /// statistics, each of SQLite's `malloc` and `free` calls no longer takes a global mutex (a tenth of a
    /// 5M-row CSV migration's CPU went to locking and unlocking it).
    private static let configureLibrary: Void = {
        _ = penguins_sqlite3_disable_memory_statistics()
    }()

    /// Retries the switch itself instead of relying on the busy timeout: the switch reads the file header and
    /// then upgrades to a write lock, and SQLite never calls the busy handler for such an upgrade (two
    /// upgraders could deadlock). So when several processes open a new file at once, say eight `penguins
    /// migrate` on one host, all but one would get `SQLITE_BUSY` at once. A file already in WAL mode needs no
    /// lock, and the first attempt returns.
    private func enterWriteAheadLogMode(retryingFor timeout: Duration) throws(DatabaseError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try executeScript("PRAGMA journal_mode = WAL")
            } catch where error.resultCode?.primary == .busy && ContinuousClock.now < deadline {
                sqlite3_sleep(5)
            }
        }
    }

    /// A load into a file that no other connection has open writes through a rollback journal instead of the
    /// write-ahead log. New pages then go straight into the file, once; in WAL mode each goes to the log and again
    /// into the file at the checkpoint. SQLite's own `INSERT … SELECT` of 5M penguins took 6.1–8.4 s this way
    /// against 8.9–13.2 s in WAL mode, with 0.4 s of system time against 2.4–4.0 s.
    ///
    /// The switch is tried without waiting and needs every other connection closed; if one is open (a replica,
    /// a report, a second `migrate`), the load runs in WAL mode as before. A connection that opens the file
    /// during the load waits for its commit, as it would for any rollback-journal writer, and a crash mid-load
    /// leaves a hot journal that the next connection rolls back. Afterwards the file goes back to WAL mode, or,
    /// if someone holds it then, the next connection that opens it for writing switches it back.
    public func loadingInBulk<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        guard switchToRollbackJournal() else { return try body() }
        defer {
            do {
                try enterWriteAheadLogMode(retryingFor: busyTimeout)
            } catch {
                logger.warning(
                    "the SQLite file stays in rollback-journal mode until a writer opens it", metadata: ["reason": "\(error.message)"])
            }
        }
        return try body()
    }

    /// Whether the file now uses a rollback journal; false, with nothing changed, while anyone else has it open.
    private func switchToRollbackJournal() -> Bool {
        guard let handle else { return false }
        sqlite3_busy_timeout(handle, 0)
        defer { sqlite3_busy_timeout(handle, Int32(clamping: Int(busyTimeout.milliseconds))) }
        let mode = try? query("PRAGMA journal_mode = DELETE").column("journal_mode").string(0)
        return mode == "delete"
    }

    deinit {
        close()
    }

    public func close() {
        guard let handle else { return }
        bulkInsertStatements = [:]
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    public func executeScript(_ sql: String) throws(DatabaseError) {
        let handle = try openHandle()
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw Self.error(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try prepareStatement(sql).execute(parameters)
    }

    public func query(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Frame {
        try prepareStatement(sql).query(parameters)
    }

    public func readFrame(_ sql: String, progress: LoadProgress?) throws(DatabaseError) -> Frame {
        try prepareStatement(sql).query([], progress: progress)
    }

    public func readBatches(_ sql: String, rows: Int, progress: LoadProgress?, _ body: (Frame) throws -> Void) throws {
        try prepareStatement(sql).readBatches(rows: rows, progress: progress, body)
    }

    /// Checked when each statement is prepared, before it runs: SQLite has no read-only transaction, but it
    /// knows whether a compiled statement can write.
    public func readOnly<Result>(_ body: () throws -> Result) throws -> Result {
        let outer = refusesWrites
        refusesWrites = true
        defer { refusesWrites = outer }
        return try body()
    }

    public func prepare(_ sql: String) throws(DatabaseError) -> any PreparedStatement {
        try prepareStatement(sql)
    }

    @discardableResult
    public func copyIn(
        into table: SQLIdentifier, columns: [SQLIdentifier], rows: some Sequence<[SQLValue]>
    ) throws(DatabaseError) -> Int {
        try SQLiteBulkInsert(database: self, table: table, columns: columns).write(rows)
    }

    @discardableResult
    public func copyIn(into table: SQLIdentifier, columns: [SQLIdentifier], rows: BulkRows) throws(DatabaseError) -> Int {
        try SQLiteBulkInsert(database: self, table: table, columns: columns).write(rows)
    }

    /// Loads the records `reader` has left by multi-row `INSERT`s bound straight from the records' bytes. A
    /// malformed record or a field that is not UTF-8 stops the load and is returned with its line, after the rows
    /// before it were written; the database's error names a row by its 1-based number in `row`.
    func copyInCSV(
        into table: SQLIdentifier, columns: [SQLIdentifier], reader: inout CSVReader
    ) throws(DatabaseError) -> (rows: Int, problem: CSVReader.Problem?) {
        try SQLiteBulkInsert(database: self, table: table, columns: columns).write(&reader)
    }

    public func begin(_ mode: TransactionMode) throws(DatabaseError) {
        try executeScript(mode == .immediate ? "BEGIN IMMEDIATE" : "BEGIN")
    }

    public func commit() throws(DatabaseError) { try executeScript("COMMIT") }

    public func rollback() throws(DatabaseError) { try executeScript("ROLLBACK") }

    func prepareStatement(_ sql: String) throws(DatabaseError) -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// The multi-row `INSERT` of `rows` rows into `columns` of `table`, compiled on first use and kept until the
    /// connection closes (a schema change recompiles it, as SQLite does any statement). Only one bulk insert
    /// runs at a time on a connection, so no two callers hold the same statement at once. Inside
    /// ``readOnly(_:)`` the statement is compiled afresh, which refuses it.
    func bulkInsertStatement(into table: SQLIdentifier, columns: [SQLIdentifier], rows: Int) throws(DatabaseError) -> SQLiteStatement {
        let shape = BulkInsertShape(table: table, columns: columns, rows: rows)
        if !refusesWrites, let statement = bulkInsertStatements[shape] { return statement }
        let statement = try SQLiteStatement(database: self, sql: shape.sql, heldByDatabase: true)
        // A connection sees few shapes (a table's full batch and single row); the bound is for an odd caller.
        if bulkInsertStatements.count >= 16 { bulkInsertStatements = [:] }
        bulkInsertStatements[shape] = statement
        return statement
    }

    func openHandle() throws(DatabaseError) -> OpaquePointer {
        guard let handle else { throw DatabaseError(.misuse, "the SQLite connection is closed") }
        return handle
    }

    /// Maps a SQLite extended result code to a typed error, keeping SQLite's message and code.
    static func error(code: Int32, message: String, sql: String? = nil) -> DatabaseError {
        let resultCode = SQLiteResultCode(rawValue: code)
        // A missing table or column is plain SQLITE_ERROR, with no extended code to tell it from a syntax
        // error: SQLite's message is the only signal there is, so this one case reads it.
        let kind =
            DatabaseError.kind(forResultCode: resultCode)
            ?? (message.hasPrefix("no such table") || message.hasPrefix("no such column") ? .undefinedObject : .query)
        let hint: String? =
            switch kind {
            case .undefinedObject: "run `penguins migrate` first, or check the name"
            case .busy: "another process holds the database lock; retry when it is done"
            case .permissionDenied: "check the file's permissions and that its directory is writable"
            default: nil
            }
        return DatabaseError(kind, message, resultCode: resultCode, hint: hint, sql: sql)
    }
}
