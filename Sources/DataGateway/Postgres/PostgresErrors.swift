import CLibPQ

/// Builds ``DatabaseError``s from what libpq reports, and nothing else: never from the conninfo.
enum PostgresErrors {
    /// The error a failed result carries: the server's primary message, DETAIL and CONTEXT lines
    /// (a COPY context names the line that failed), its SQLSTATE and a hint.
    static func error(from result: OpaquePointer, connection: OpaquePointer) -> DatabaseError {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        guard let sqlState = field("C").map(SQLState.init(rawValue:)), let primary = field("M") else {
            // Raised by libpq itself, e.g. the connection was lost: there is no SQLSTATE.
            let message = String(cString: PQresultErrorMessage(result))
            return clientError(message.isEmpty ? String(cString: PQerrorMessage(connection)) : message, connection)
        }
        var lines = [primary]
        if let detail = field("D") { lines.append("DETAIL: \(detail)") }
        if let context = field("W") { lines.append("CONTEXT: \(context)") }
        let message = lines.joined(separator: "\n")
        let row = field("W").flatMap(copyLine(inContext:))
        // A bind/parameter count mismatch is a protocol violation on a healthy connection: the caller's mistake.
        if sqlState == .protocolViolation, PQstatus(connection) == CONNECTION_OK {
            return DatabaseError(.misuse, message, sqlState: sqlState, hint: "pass exactly one value per $n placeholder", row: row)
        }
        return DatabaseError(
            DatabaseError.kind(forSQLState: sqlState), message, sqlState: sqlState,
            hint: hint(forSQLState: sqlState) ?? field("H"), row: row)
    }

    /// The line a COPY error's CONTEXT names (`COPY penguins, line 5, column …`): libpq has no field of its
    /// own for it, so this reads the server's CONTEXT, whose COPY form is fixed by the server's source.
    private static func copyLine(inContext context: String) -> Int? {
        guard context.hasPrefix("COPY "), let range = context.range(of: ", line ") else { return nil }
        return Int(context[range.upperBound...].prefix { $0.isNumber })
    }

    /// An error libpq raised without a server result (no memory, a broken connection).
    static func clientError(_ message: String, _ connection: OpaquePointer) -> DatabaseError {
        let kind: DatabaseError.Kind = PQstatus(connection) == CONNECTION_OK ? .query : .connection
        return DatabaseError(kind, message.trimmingNewlines())
    }

    /// The error for a failed `PQconnectdb`, classified from libpq's message with every secret value scrubbed.
    ///
    /// This is the one place Postgres errors are told apart by their text: a failed connection has no
    /// `PGresult`, and libpq offers no SQLSTATE for it (the server's 28P01 stays inside libpq's message).
    static func connectFailure(_ libpqMessage: String, secrets: [String]) -> DatabaseError {
        var message = libpqMessage
        for secret in secrets where !secret.isEmpty {
            message = message.replacing(secret, with: "<redacted>")
        }
        message = message.trimmingNewlines()
        // libpq checks the options before it opens any socket; those messages have no "connection to server"
        // prefix. A bad option cannot be fixed by retrying, so it is not a connection error.
        if message.hasPrefix("invalid ") || message.hasPrefix("could not match ") || message.hasPrefix("could not parse network address") {
            return DatabaseError(
                .invalidInput, message,
                hint: "fix that option in DATABASE_URL (or the PG* environment variable that sets it)")
        }
        if message.contains("password authentication failed") || message.contains("no password supplied") {
            return DatabaseError(
                .authentication, message,
                hint: "check the user name and the password: in DATABASE_URL, the file PGPASSWORD_FILE names, PGPASSWORD or the .pgpass file")
        }
        if message.contains("no pg_hba.conf entry") {
            return DatabaseError(
                .authentication, message,
                hint: "the server's pg_hba.conf admits no such connection; check user, dbname and sslmode, or ask the DBA")
        }
        if message.contains("root certificate file") {
            return DatabaseError(
                .tls, message,
                hint: "set PGSSLROOTCERT to the CA certificate file, or opt out explicitly with "
                    + "PGSSLMODE=require (encrypt without verifying) or PGSSLMODE=disable")
        }
        if message.contains("server does not support SSL") {
            return DatabaseError(
                .tls, message,
                hint: "the server does not offer TLS; enable ssl on the server, or opt out explicitly with "
                    + "PGSSLMODE=disable on a trusted network")
        }
        if message.contains("SSL") || message.contains("certificate") {
            return DatabaseError(
                .tls, message, hint: "check sslmode and the certificate files (PGSSLROOTCERT, PGSSLCERT, PGSSLKEY)")
        }
        // libpq's own text already says what to check (e.g. "Is the server running on that host…?").
        return DatabaseError(.connection, message)
    }

    private static func hint(forSQLState sqlState: SQLState) -> String? {
        switch sqlState {
        case .insufficientPrivilege:
            "the connected role lacks this privilege; grant it or use a role with it "
                + "(see migrations' penguins_reader / penguins_writer / penguins_server roles)"
        case .undefinedTable: "run `penguins migrate` first, or check the table name"
        case .readOnlySQLTransaction: DatabaseError.writeRefusedHint
        default: nil
        }
    }
}
