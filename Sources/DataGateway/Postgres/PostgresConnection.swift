import CLibPQ
import Logging

/// The one owner of a `PGconn`: it opens it, hands it out while open, and calls `PQfinish` exactly once.
///
/// The database and its prepared statements share this object, so a statement can tell whether the
/// connection it was prepared on is still open instead of touching a freed handle.
final class PostgresConnection {
    private var pointer: OpaquePointer?
    /// Must outlive `pointer`: libpq holds an unretained reference to it for the notice callback.
    private let notices: PostgresNoticeLogger
    private var statementCount = 0

    init(conninfo: Secret<String>, logger: Logger) throws(DatabaseError) {
        let secrets = try Self.secrets(in: conninfo)
        guard let pointer = PQconnectdb(conninfo.reveal()) else {
            throw DatabaseError(.connection, "libpq could not allocate a connection (out of memory)")
        }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let error = PostgresErrors.connectFailure(String(cString: PQerrorMessage(pointer)), secrets: secrets + Self.secrets(usedBy: pointer))
            PQfinish(pointer)
            throw error
        }
        self.pointer = pointer
        self.notices = PostgresNoticeLogger(logger: logger)
        PQsetNoticeReceiver(pointer, { context, result in
            guard let context, let result else { return }
            Unmanaged<PostgresNoticeLogger>.fromOpaque(context).takeUnretainedValue().log(result)
        }, Unmanaged.passUnretained(notices).toOpaque())
        // Text and JSON fields are decoded as UTF-8, whatever PGCLIENTENCODING says.
        guard PQsetClientEncoding(pointer, "UTF8") == 0 else {
            let error = PostgresErrors.clientError(String(cString: PQerrorMessage(pointer)), pointer)
            finish()
            throw error
        }
    }

    deinit { finish() }

    /// The open handle, or a `.misuse` error once the connection is closed.
    func handle() throws(DatabaseError) -> OpaquePointer {
        guard let pointer else {
            throw DatabaseError(.misuse, "the Postgres connection is closed", hint: "open a new connection")
        }
        return pointer
    }

    var isOpen: Bool { pointer != nil }

    func finish() {
        guard let pointer else { return }
        PQfinish(pointer)
        self.pointer = nil
    }

    /// A statement name unique within this session.
    func nextStatementName() -> String {
        statementCount += 1
        return "penguins_statement_\(statementCount)"
    }

    /// The values of every secret option in the conninfo (libpq's `dispchar` `*`), so a connect error can
    /// never echo one.
    ///
    /// A conninfo libpq cannot parse is rejected here with libpq's message minus its quoted fragments,
    /// because those fragments are pieces of the conninfo and may be the password.
    private static func secrets(in conninfo: Secret<String>) throws(DatabaseError) -> [String] {
        do {
            return try PostgresConninfo(conninfo.reveal()).secretValues
        } catch {
            guard case .invalidValue(_, let problem) = error else { throw DatabaseError(.connection, "\(error)") }
            throw DatabaseError(.connection, problem, hint: "use a postgres:// URI or libpq key=value pairs")
        }
    }

    /// The secret values the connection really used, wherever libpq found them (the conninfo, `PGPASSWORD`,
    /// `.pgpass`, a service file).
    private static func secrets(usedBy connection: OpaquePointer) -> [String] {
        guard let options = PQconninfo(connection) else { return [] }
        defer { PQconninfoFree(options) }
        return PostgresConninfo.options(options).filter(\.isSecret).map(\.value)
    }
}

/// Routes server NOTICE and WARNING messages to the logger instead of libpq's default, stderr.
final class PostgresNoticeLogger {
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func log(_ result: OpaquePointer) {
        let severity = PQresultErrorField(result, Int32(Character("V").asciiValue!)).map { String(cString: $0) }
        let message = String(cString: PQresultErrorMessage(result)).trimmingNewlines()
        logger.log(level: severity == "WARNING" ? .warning : .debug, "postgres: \(message)")
    }
}
