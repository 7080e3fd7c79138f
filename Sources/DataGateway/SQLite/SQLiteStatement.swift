import CSQLite

/// One compiled SQLite statement, reset and re-bound for each execution.
///
/// It owns its `sqlite3_stmt*` (finalized in `deinit`) and keeps its ``SQLiteDatabase`` alive, unless the
/// connection keeps the statement itself (``SQLiteDatabase/bulkInsertStatement(into:columns:rows:)``).
final class SQLiteStatement: PreparedStatement {
    private unowned let database: SQLiteDatabase
    /// The connection, held strongly by every statement but those the connection holds: a reference back
    /// from those would be a cycle, and the connection would never close by itself.
    private let keptAlive: SQLiteDatabase?
    private let statement: OpaquePointer
    private let sql: String
    /// For each SQLite parameter slot, the index into the caller's parameter array. `$N` names map to N − 1,
    /// so SQL written with Postgres-style `$1 … $n` placeholders binds the same way on both engines.
    private let argumentOfSlot: [Int]
    private let argumentCount: Int

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before `bind` returns, so Swift's buffer may go away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, sql: String, heldByDatabase: Bool = false) throws(DatabaseError) {
        let handle = try database.openHandle()
        var prepared: OpaquePointer?
        // The tail points into the C string, so it is read while that string is alive: reading it after
        // an implicit bridge returned was a use-after-free that now and then refused a single statement.
        let (code, rest) = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
            return (code, tail.map { String(cString: $0) } ?? "")
        }
        guard code == SQLITE_OK, let prepared else {
            throw SQLiteDatabase.error(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        if !rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            sqlite3_finalize(prepared)
            throw DatabaseError(
                .misuse, "the query holds more than one SQL statement", hint: "give one statement, without a second one after a ';'",
                sql: sql)
        }
        if database.refusesWrites, sqlite3_stmt_readonly(prepared) == 0 {
            sqlite3_finalize(prepared)
            throw DatabaseError(
                .writeRefused, "the query would change the database", resultCode: .readOnly,
                hint: DatabaseError.writeRefusedHint, sql: sql)
        }
        self.database = database
        keptAlive = heldByDatabase ? nil : database
        self.statement = prepared
        self.sql = sql
        let slots = Int(sqlite3_bind_parameter_count(prepared))
        argumentOfSlot = (0..<slots).map { slot in
            let name = sqlite3_bind_parameter_name(prepared, Int32(slot + 1)).map { String(cString: $0) } ?? ""
            if name.hasPrefix("$"), let number = Int(name.dropFirst()), number >= 1 { return number - 1 }
            return slot
        }
        argumentCount = argumentOfSlot.max().map { $0 + 1 } ?? 0
    }

    deinit {
        sqlite3_finalize(statement)
    }

    @discardableResult
    func execute(_ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try run(try start(parameters))
    }

    /// Runs the statement once with parameters that `bind` binds to the prepared statement it is given,
    /// returning `SQLITE_OK` or the first failing code: for bulk writes, which bind their batch themselves,
    /// some from bytes that are valid only while this call runs. The bindings are cleared before it returns.
    @discardableResult
    func execute(binding bind: (OpaquePointer) -> Int32) throws(DatabaseError) -> Int {
        let handle = try database.openHandle()
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        defer { sqlite3_clear_bindings(statement) }
        let code = bind(statement)
        guard code == SQLITE_OK else { throw failure(code, handle) }
        return try run(handle)
    }

    /// Runs the statement once `bind` has bound each of its `count` parameters (by 1-based `index`), given the
    /// start of `bytes`, from which texts are bound in place (`SQLITE_STATIC`): SQLite reads bound bytes only
    /// while the statement runs, which is inside this call.
    func execute(
        parameters count: Int, textIn bytes: [UInt8], _ bind: (_ prepared: OpaquePointer, _ index: Int32, _ text: UnsafePointer<CChar>?) -> Int32
    ) throws(DatabaseError) {
        _ = try bytes.withUnsafeBufferPointer { buffer throws(DatabaseError) in
            try buffer.withMemoryRebound(to: CChar.self) { text throws(DatabaseError) in
                try execute { prepared in
                    for slot in 0..<count {
                        let code = bind(prepared, Int32(slot + 1), text.baseAddress)
                        guard code == SQLITE_OK else { return code }
                    }
                    return SQLITE_OK
                }
            }
        }
    }

    /// Steps the bound statement to its end; returns the rows it changed.
    private func run(_ handle: OpaquePointer) throws(DatabaseError) -> Int {
        var code = sqlite3_step(statement)
        while code == SQLITE_ROW { code = sqlite3_step(statement) }
        guard code == SQLITE_DONE else { throw failure(code, handle) }
        return Int(sqlite3_changes(handle))
    }

    func query(_ parameters: [SQLValue]) throws(DatabaseError) -> Frame {
        try query(parameters, progress: nil)
    }

    func query(_ parameters: [SQLValue], progress: LoadProgress?) throws(DatabaseError) -> Frame {
        var reader = try step(parameters, progress: progress) { _ throws(DatabaseError) in true }
        do {
            return try reader.takeFrame()
        } catch {
            throw DatabaseError(.query, "the query's result cannot form a frame: \(error)", sql: sql)
        }
    }

    /// Steps the statement (it takes no parameters) and hands `body` a frame every `rows` rows and one for the
    /// rest, at least one in all. Column types carry over from batch to batch, as in one read: a column without
    /// a declared type is typed by its first value whichever batch holds it, and a widened column stays wide.
    func readBatches(rows: Int, progress: LoadProgress?, _ body: (Frame) throws -> Void) throws {
        precondition(rows > 0, "batches need at least one row")
        var bodyFailure: (any Error)?
        func deliver(_ reader: inout SQLiteColumnReader) throws(DatabaseError) {
            let frame: Frame
            do { frame = try reader.takeFrame() } catch { throw DatabaseError(.query, "the query's result cannot form a frame: \(error)", sql: sql) }
            do { try body(frame) } catch { bodyFailure = error }
        }
        // Stepping stops at a failed batch: the rows after it are not needed.
        var reader = try step([], progress: progress) { reader throws(DatabaseError) in
            guard reader.rowCount >= rows else { return true }
            try deliver(&reader)
            return bodyFailure == nil
        }
        if let bodyFailure { throw bodyFailure }
        try deliver(&reader)
        if let bodyFailure { throw bodyFailure }
    }

    /// Runs the statement, appending each row to a reader and calling `afterRow` after each; stepping stops
    /// early (the statement reset) when `afterRow` returns false.
    private func step(
        _ parameters: [SQLValue], progress: LoadProgress?, afterRow: (inout SQLiteColumnReader) throws(DatabaseError) -> Bool
    ) throws(DatabaseError) -> SQLiteColumnReader {
        let handle = try start(parameters)
        var reader = SQLiteColumnReader(statement: statement)
        var code = sqlite3_step(statement)
        while code == SQLITE_ROW {
            do {
                try reader.appendCurrentRow()
                progress?.rowRead()
                guard try afterRow(&reader) else {
                    sqlite3_reset(statement)
                    return reader
                }
            } catch {
                sqlite3_reset(statement)
                throw error.running(sql)
            }
            code = sqlite3_step(statement)
        }
        progress?.finish()
        guard code == SQLITE_DONE else { throw failure(code, handle) }
        return reader
    }

    /// Resets the statement and binds `parameters`, checking that their number matches the SQL.
    private func start(_ parameters: [SQLValue]) throws(DatabaseError) -> OpaquePointer {
        let handle = try database.openHandle()
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        guard argumentCount == parameters.count else {
            throw DatabaseError(
                .misuse, "the statement takes \(argumentCount) parameters but \(parameters.count) were given", sql: sql)
        }
        for (slot, argument) in argumentOfSlot.enumerated() {
            let code = Self.bind(parameters[argument], to: statement, at: Int32(slot + 1))
            guard code == SQLITE_OK else { throw failure(code, handle) }
        }
        return handle
    }

    /// Binds one value to the 1-based parameter `index`; returns SQLite's result code.
    static func bind(_ value: SQLValue, to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
        case .double(let double): sqlite3_bind_double(statement, index, double)
        case .bool(let bool): sqlite3_bind_int64(statement, index, bool ? 1 : 0)
        case .text(let text): bind(text, to: statement, at: index)
        }
    }

    /// Binds every byte of `text`: with a length of -1 SQLite would stop at the first NUL and compare or
    /// store a shorter value than the caller gave.
    static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { start in
                sqlite3_bind_text64(statement, index, start, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private func failure(_ code: Int32, _ handle: OpaquePointer) -> DatabaseError {
        let error = SQLiteDatabase.error(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        sqlite3_reset(statement)
        return error
    }
}
