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
            conninfo = appending("sslmode", "verify-full", to: conninfo)
        }
        if parsed.value("password") == nil, let password = try passwordFromFile(environment: environment) {
            conninfo = appending("password", password, to: conninfo)
        }
        if conninfo != text { parsed = try PostgresConninfo(conninfo) }
        return .postgres(conninfo: Secret(conninfo), redacted: parsed.redacted)
    }

    /// The password in the file `PGPASSWORD_FILE` names, under the secret-file rules (mode 600 or stricter,
    /// one trailing newline trimmed), or nil when it is unset.
    ///
    /// libpq has `PGPASSWORD` but no `_FILE` form, so the gateway reads the file and hands the password to
    /// libpq inside the conninfo: it is never put in any environment. Like `PGPASSWORD`, it applies only when
    /// the connection string sets no password; setting both `PGPASSWORD` and `PGPASSWORD_FILE` is an error.
    private static func passwordFromFile(environment: [String: String]) throws(SettingsError) -> String? {
        guard let path = environment["PGPASSWORD_FILE"], !path.isEmpty else { return nil }
        if environment["PGPASSWORD"] != nil { throw .valueAndFileBothSet(name: "PGPASSWORD") }
        let password = try SecretFile.read(path, setting: "PGPASSWORD_FILE")
        guard !password.isEmpty else {
            throw .invalidValue(setting: "PGPASSWORD_FILE", problem: "\(path) is empty; put the password in it")
        }
        return password
    }

    /// `conninfo` with one more option: a URI query parameter (percent-encoded) or a quoted `key=value` pair.
    private static func appending(_ keyword: String, _ value: String, to conninfo: String) -> String {
        guard conninfo.contains("://") else { return conninfo + " \(keyword)=\(PostgresConninfo.quoted(value))" }
        let separator = !conninfo.contains("?") ? "?" : (conninfo.hasSuffix("?") || conninfo.hasSuffix("&") ? "" : "&")
        return conninfo + separator + keyword + "=" + percentEncoded(value)
    }

    /// Every byte but ASCII letters, digits and `-._~` as `%XX`, as a URI query value must be.
    private static func percentEncoded(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
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
