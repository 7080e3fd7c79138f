import CSQLite

/// A SQLite result code. Connections run with extended result codes on, so a code may be an extended one
/// (e.g. ``constraintForeignKey``, 787) whose low byte is its primary code (``constraint``, 19).
public struct SQLiteResultCode: RawRepresentable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init(integerLiteral value: Int32) { self.init(rawValue: value) }

    /// The primary code an extended code refines (the low 8 bits); a primary code is its own.
    public var primary: SQLiteResultCode { SQLiteResultCode(rawValue: rawValue & 0xFF) }

    public var description: String { "\(rawValue)" }

    public static let error = SQLiteResultCode(rawValue: SQLITE_ERROR)
    public static let permission = SQLiteResultCode(rawValue: SQLITE_PERM)
    public static let busy = SQLiteResultCode(rawValue: SQLITE_BUSY)
    public static let locked = SQLiteResultCode(rawValue: SQLITE_LOCKED)
    public static let readOnly = SQLiteResultCode(rawValue: SQLITE_READONLY)
    public static let ioError = SQLiteResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = SQLiteResultCode(rawValue: SQLITE_CORRUPT)
    public static let cannotOpen = SQLiteResultCode(rawValue: SQLITE_CANTOPEN)
    public static let tooBig = SQLiteResultCode(rawValue: SQLITE_TOOBIG)
    public static let constraint = SQLiteResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = SQLiteResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = SQLiteResultCode(rawValue: SQLITE_MISUSE)
    public static let authorization = SQLiteResultCode(rawValue: SQLITE_AUTH)
    public static let range = SQLiteResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = SQLiteResultCode(rawValue: SQLITE_NOTADB)

    // Extended codes: the primary code plus a refinement in the second byte (sqlite3.h's `(SQLITE_X | (n<<8))`).
    public static let constraintCheck: SQLiteResultCode = 275
    public static let constraintForeignKey: SQLiteResultCode = 787
    public static let constraintNotNull: SQLiteResultCode = 1299
    public static let constraintPrimaryKey: SQLiteResultCode = 1555
    public static let constraintUnique: SQLiteResultCode = 2067
}
