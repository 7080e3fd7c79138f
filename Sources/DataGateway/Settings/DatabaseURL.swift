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
    /// A value with a scheme (`NAME://`) is a URL: only `postgres://`, `postgresql://` and `sqlite://` in lower
    /// case are accepted, and any other is an error, never a file path, whatever it ends with.
    ///
    /// A Postgres target that libpq would not connect to on this machine (judged by its hosts and host
    /// addresses, from the string, its service or `PGHOST` / `PGHOSTADDR`) and that sets no `sslmode` (in the
    /// string, its service or `PGSSLMODE`) gets `sslmode=verify-full`, so a remote connection is encrypted and
    /// authenticated unless the user opts out explicitly.
    public init(parsing raw: Secret<String>, environment: [String: String]) throws(SettingsError) {
        let text = raw.reveal().trimmingCharacters(in: .whitespacesAndNewlines)
        if let scheme = Self.scheme(of: text) {
            switch scheme {
            case "postgres", "postgresql": self = try Self.postgres(text, environment: environment)
            case "sqlite": self = try Self.sqlite(text)
            default: throw .invalidValue(setting: "DATABASE_URL", problem: Self.unsupported(scheme: scheme))
            }
        } else if Self.looksLikeKeyValue(text) {
            self = try Self.postgres(text, environment: environment)
        } else if text.hasPrefix("sqlite:") {
            self = try Self.sqlite(text)
        } else if !text.contains("://"), text.hasSuffix(".sqlite") || text.hasSuffix(".db") || text.hasSuffix(".sqlite3") {
            self = .sqlite(path: text)
        } else {
            throw .invalidValue(setting: "DATABASE_URL", problem: Self.unrecognised(text))
        }
    }

    /// The part before `://` when it is a URI scheme (a letter, then letters, digits, `+`, `-` or `.`).
    private static func scheme(of text: String) -> String? {
        guard let separator = text.range(of: "://") else { return nil }
        let scheme = text[..<separator.lowerBound]
        guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
        else { return nil }
        return String(scheme)
    }

    private static func sqlite(_ text: String) throws(SettingsError) -> DatabaseURL {
        var path = String(text.dropFirst("sqlite:".count))
        if path.hasPrefix("//") { path.removeFirst(2) }
        guard !path.isEmpty else {
            throw .invalidValue(setting: "DATABASE_URL", problem: "sqlite: needs a file path, e.g. sqlite:penguins.sqlite")
        }
        return .sqlite(path: path)
    }

    /// A libpq `key=value` string: it starts with a keyword and `=`.
    private static func looksLikeKeyValue(_ text: String) -> Bool {
        guard let equals = text.firstIndex(of: "=") else { return false }
        let keyword = text[..<equals].trimmingCharacters(in: .whitespaces)
        return !keyword.isEmpty && keyword.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == "_") }
    }

    private static func postgres(_ text: String, environment: [String: String]) throws(SettingsError) -> DatabaseURL {
        var conninfo = text
        var parsed = try PostgresConninfo(text)
        let service = (parsed.value("service") ?? environment["PGSERVICE"]).flatMap { $0.isEmpty ? nil : $0 }
        let serviceOptions = service.map { PostgresServiceFile.options(ofService: $0, environment: environment) } ?? [:]
        let sslmodeGiven = (parsed.value("sslmode") ?? serviceOptions?["sslmode"] ?? environment["PGSSLMODE"]) != nil
        if !sslmodeGiven, !isLocal(parsed, service: serviceOptions, environment: environment) {
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

    /// Whether libpq would connect to this machine: every host and every host address it would use, each
    /// taken as libpq takes it (the string, else the service, else `PGHOST` / `PGHOSTADDR`), is local.
    /// `hostaddr` matters because libpq connects to it rather than to `host`; a service the gateway cannot
    /// read (`service` nil) is remote, because it cannot know where it points.
    private static func isLocal(_ conninfo: PostgresConninfo, service: [String: String]?, environment: [String: String]) -> Bool {
        guard let service else { return false }
        return [("host", "PGHOST"), ("hostaddr", "PGHOSTADDR")].allSatisfy { keyword, variable in
            isLocal(hosts: conninfo.value(keyword) ?? service[keyword] ?? environment[variable] ?? "")
        }
    }

    /// Whether every host in a libpq host list is this machine; no host means libpq's default unix socket.
    static func isLocal(hosts: String) -> Bool {
        hosts.split(separator: ",").allSatisfy { host in
            let host = host.trimmingCharacters(in: .whitespaces)
            return host.isEmpty || host.hasPrefix("/") || host.hasPrefix("@")
                || ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
        }
    }

    private static let expected =
        "expected postgres://…, postgresql://…, a libpq key=value string, sqlite:PATH, or a path ending .sqlite or .db"

    /// The error for a scheme other than the lower-case ones we accept: it names the scheme (ASCII letters,
    /// digits and `+-.` only, at most 20 of them) and never the rest of the value.
    private static func unsupported(scheme: String) -> String {
        let shown = scheme.count <= 20 ? "'\(scheme)://'" : "of this value"
        if ["postgres", "postgresql", "sqlite"].contains(scheme.lowercased()) {
            return "the scheme \(shown) is not supported: schemes are lower case, write \(scheme.lowercased())://"
        }
        return "the scheme \(shown) is not supported; \(expected)"
    }

    /// The error for a value we do not recognise, which never repeats the value.
    private static func unrecognised(_ text: String) -> String {
        if text.isEmpty { return "it is empty; \(expected)" }
        if text.contains("://") { return "the value has '://' but no scheme of letters before it; \(expected)" }
        return "the value is not recognised; \(expected)"
    }
}
