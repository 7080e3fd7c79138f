import Foundation

/// A failure reported by a database or by the gateway's use of it.
///
/// It carries the engine's own message and code (SQLSTATE for Postgres, the extended result code for
/// SQLite) so a user can look it up and a caller can match on it, plus a hint saying what to do. It never carries a credential: connectors
/// build it from the server's message and the redacted target only.
public struct DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of the failure, for callers that react differently to each.
    public enum Kind: String, Sendable, Equatable {
        case connection
        case authentication
        case tls
        case permissionDenied
        case undefinedObject
        case constraintViolation
        case invalidInput
        case busy
        /// A statement that writes, run where only reads are allowed (``Database/readOnly(_:)``).
        case writeRefused
        case query
        case misuse
    }

    public var kind: Kind
    /// The database's message, first line first.
    public var message: String
    /// Postgres SQLSTATE, e.g. ``SQLState/insufficientPrivilege`` (42501).
    public var sqlState: SQLState?
    /// SQLite extended result code, e.g. ``SQLiteResultCode/constraintForeignKey`` (787).
    public var resultCode: SQLiteResultCode?
    /// What the user can do about it.
    public var hint: String?
    /// The SQL that failed, as GRDB's `DatabaseError.sql` does; never its parameter values, which may be
    /// secret. Nil for failures outside a statement, such as connecting.
    public var sql: String?
    /// For a bulk write (``Database/copyIn(into:columns:rows:)``), the 1-based input row that failed, when
    /// known: the gateway counts it on SQLite, Postgres names it in a COPY error's CONTEXT field.
    public var row: Int?

    public init(
        _ kind: Kind, _ message: String, sqlState: SQLState? = nil, resultCode: SQLiteResultCode? = nil, hint: String? = nil,
        sql: String? = nil, row: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.resultCode = resultCode
        self.hint = hint
        self.sql = sql
        self.row = row
    }

    /// One line: the message, the engine's code, the start of the SQL that failed, then the hint.
    /// The SQL is safe to show, since values travel as parameters and parameters are never shown.
    public var description: String {
        var text = message.trimmingNewlines()
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let resultCode { text += " (SQLite code \(resultCode))" }
        if let sql { text += " while running `\(Self.excerpt(sql))`" }
        if let hint { text += "; \(hint)" }
        return text
    }

    /// This error, naming `sql` as the statement that failed unless it names one already.
    func running(_ sql: String) -> DatabaseError {
        var error = self
        if error.sql == nil { error.sql = sql }
        return error
    }

    /// Runs `body`, naming `sql` in any error it throws that names no statement yet.
    static func running<Value>(_ sql: String, _ body: () throws(DatabaseError) -> Value) throws(DatabaseError) -> Value {
        do {
            return try body()
        } catch {
            throw error.running(sql)
        }
    }

    /// The SQL on one line, cut to its first 200 characters: enough to recognise the statement in a message.
    private static func excerpt(_ sql: String) -> String {
        let words = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.count <= 200 ? words : words.prefix(200) + "…"
    }

    /// What to do instead of writing through a query that is only for reading. Worded to be true for every
    /// caller of ``Database/readOnly(_:)`` (`load`, `train --query`, the report), since `train` itself writes.
    static let writeRefusedHint =
        "a query given to `load`, `train --query` or `report` must only read, and runs read-only; to change "
        + "data, add a migration and run "
        + "`penguins migrate` (`penguins score` writes predictions, `penguins train` stores models)"

    /// The kind a Postgres SQLSTATE belongs to.
    public static func kind(forSQLState state: SQLState) -> Kind {
        switch state {
        case .insufficientPrivilege: .permissionDenied
        case .undefinedTable, .undefinedColumn, .undefinedFunction, .invalidSchemaName, .invalidCatalogName: .undefinedObject
        case .invalidAuthorizationSpecification, .invalidPassword: .authentication
        case .lockNotAvailable, .serializationFailure, .deadlockDetected, .queryCanceled: .busy
        case .readOnlySQLTransaction: .writeRefused
        default:
            switch state.errorClass {
            case "08", "57": .connection
            case "23": .constraintViolation
            case "22": .invalidInput
            default: .query
            }
        }
    }

    /// The kind a SQLite result code belongs to, or nil for plain `SQLITE_ERROR` and others that say no more.
    public static func kind(forResultCode code: SQLiteResultCode) -> Kind? {
        switch code.primary {
        case .constraint: .constraintViolation
        case .busy, .locked: .busy
        case .permission, .readOnly, .authorization: .permissionDenied
        case .cannotOpen, .notADatabase, .ioError, .corrupt: .connection
        case .misuse, .range: .misuse
        case .mismatch, .tooBig: .invalidInput
        default: nil
        }
    }
}

extension String {
    /// The text with line breaks folded into `; ` so an error prints as one line.
    func trimmingNewlines() -> String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
