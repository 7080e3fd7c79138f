import Foundation

/// Where the data lives, resolved from `DATABASE_URL`.
///
/// Its description is safe to print: a Postgres target shows its options with the password replaced.
public enum DatabaseURL: Sendable, CustomStringConvertible {
    /// A Postgres target: the string handed to libpq, and a redacted form for display.
    case postgres(conninfo: Secret<String>, redacted: String)
    /// A SQLite file.
    case sqlite(path: String)

    public var kind: DatabaseKind {
        switch self {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    public var description: String {
        switch self {
        case .postgres(_, let redacted): redacted
        case .sqlite(let path): "sqlite:\(path)"
        }
    }

    /// Parses `DATABASE_URL`.
    ///
    /// A Postgres target whose hosts are not all local (localhost, 127.0.0.1, ::1 or a unix socket) and that
    /// sets no `sslmode` (in the string or as `PGSSLMODE`) gets `sslmode=verify-full`, so a remote connection
    /// is encrypted and authenticated unless the user opts out explicitly.
    public init(parsing raw: Secret<String>, environment: [String: String]) throws(SettingsError) {
        let text = raw.reveal().trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") || Self.looksLikeKeyValue(text) {
            self = try Self.postgres(text, environment: environment)
        } else if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw .invalidValue(setting: "DATABASE_URL", problem: "sqlite: needs a file path, e.g. sqlite:penguins.sqlite")
            }
            self = .sqlite(path: path)
        } else if text.hasSuffix(".sqlite") || text.hasSuffix(".db") || text.hasSuffix(".sqlite3") {
            self = .sqlite(path: text)
        } else {
            throw .invalidValue(setting: "DATABASE_URL", problem: Self.unrecognised(text))
        }
    }

    private static func looksLikeKeyValue(_ text: String) -> Bool {
        guard let equals = text.firstIndex(of: "="), !text.contains("://") else { return false }
        return text[..<equals].trimmingCharacters(in: .whitespaces).allSatisfy { $0.isLetter || $0 == "_" }
    }

    private static func postgres(_ text: String, environment: [String: String]) throws(SettingsError) -> DatabaseURL {
        var conninfo = text
        var parsed = try PostgresConninfo(text)
        let sslmodeGiven = parsed.value("sslmode") != nil || environment["PGSSLMODE"] != nil
        let hosts = (parsed.value("host") ?? parsed.value("hostaddr") ?? environment["PGHOST"] ?? "")
        if !sslmodeGiven, !isLocal(hosts: hosts) {
            if text.contains("://") {
                conninfo += text.contains("?") ? "&sslmode=verify-full" : "?sslmode=verify-full"
            } else {
                conninfo += " sslmode=verify-full"
            }
            parsed = try PostgresConninfo(conninfo)
        }
        return .postgres(conninfo: Secret(conninfo), redacted: parsed.redacted)
    }

    /// Whether every host in a libpq host list is this machine; no host means libpq's default unix socket.
    static func isLocal(hosts: String) -> Bool {
        hosts.split(separator: ",").allSatisfy { host in
            let host = host.trimmingCharacters(in: .whitespaces)
            return host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@")
                || ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        }
    }

    /// The error for a value we do not recognise, naming at most its scheme, never the value.
    private static func unrecognised(_ text: String) -> String {
        let expected =
            "expected postgres://…, postgresql://…, a libpq key=value string, sqlite:PATH, or a path ending .sqlite or .db"
        if let scheme = text.range(of: "://").map({ String(text[..<$0.lowerBound]) }),
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" })
        {
            return "the scheme '\(scheme)://' is not supported; \(expected)"
        }
        return text.isEmpty ? "it is empty; \(expected)" : "the value is not recognised; \(expected)"
    }
}
