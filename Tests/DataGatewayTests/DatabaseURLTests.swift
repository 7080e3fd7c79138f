import TestSupport
import Testing

@testable import DataGateway

@Suite("DATABASE_URL parsing")
struct DatabaseURLTests {
    private func parse(_ text: String, environment: [String: String] = [:]) throws -> DatabaseURL {
        try DatabaseURL(parsing: Secret(text), environment: environment)
    }

    private func conninfo(_ url: DatabaseURL) -> String? {
        guard case .postgres(let conninfo, _) = url else { return nil }
        return conninfo.reveal()
    }

    @Test("SQLite forms: sqlite:PATH, sqlite:///abs and bare .sqlite/.db paths", arguments: [
        ("sqlite:penguins.sqlite", "penguins.sqlite"), ("sqlite:///tmp/p.sqlite", "/tmp/p.sqlite"),
        ("data/p.sqlite", "data/p.sqlite"), ("/var/lib/p.db", "/var/lib/p.db"),
    ])
    func sqliteForms(text: String, path: String) throws {
        guard case .sqlite(let parsed) = try parse(text) else {
            Issue.record("\(text) should be SQLite")
            return
        }
        #expect(parsed == path)
    }

    @Test("Local Postgres URIs and key=value strings pass through to libpq untouched")
    func localPostgresUntouched() throws {
        for text in [
            "postgres://app@localhost:5432/penguins", "postgresql://app@127.0.0.1/penguins",
            "postgresql://app@[::1]/penguins", "host=/var/run/postgresql dbname=penguins",
            "dbname=penguins", "postgresql:///penguins",
            "postgresql://app@localhost:5432,127.0.0.1:5433/penguins?target_session_attrs=read-write",
        ] {
            #expect(conninfo(try parse(text)) == text)
        }
    }

    @Test("A remote host with no sslmode gets sslmode=verify-full")
    func remoteGetsVerifyFull() throws {
        #expect(conninfo(try parse("postgresql://app@db.example.com/penguins")) == "postgresql://app@db.example.com/penguins?sslmode=verify-full")
        #expect(conninfo(try parse("postgresql://app@db.example.com/penguins?connect_timeout=5"))
            == "postgresql://app@db.example.com/penguins?connect_timeout=5&sslmode=verify-full")
        #expect(conninfo(try parse("host=10.0.0.5 dbname=penguins")) == "host=10.0.0.5 dbname=penguins sslmode=verify-full")
        #expect(conninfo(try parse("postgresql://a@localhost,db2.example/penguins"))?.hasSuffix("?sslmode=verify-full") == true)
        #expect(conninfo(try parse("dbname=penguins", environment: ["PGHOST": "db.example.com"])) == "dbname=penguins sslmode=verify-full")
    }

    @Test("An explicit sslmode, in the string or PGSSLMODE, is respected")
    func explicitSSLMode() throws {
        #expect(conninfo(try parse("postgresql://app@db.example.com/p?sslmode=require")) == "postgresql://app@db.example.com/p?sslmode=require")
        #expect(conninfo(try parse("postgresql://app@db.example.com/p", environment: ["PGSSLMODE": "disable"])) == "postgresql://app@db.example.com/p")
    }

    @Test("The display form replaces the password, whichever way it was given")
    func redaction() throws {
        let sentinel = generatedSentinel()
        for text in [
            "postgresql://app:\(sentinel)@127.0.0.1/penguins", "postgresql://app@127.0.0.1/penguins?password=\(sentinel)",
            "host=127.0.0.1 user=app password=\(sentinel)", "host=127.0.0.1 password='\(sentinel) x'",
        ] {
            let url = try parse(text)
            #expect(!url.description.contains(sentinel))
            #expect(url.description.contains("password=<redacted>"))
            #expect(!String(reflecting: url).contains(sentinel))
        }
    }

    @Test("Unrecognised values are refused without echoing them")
    func unrecognised() throws {
        let sentinel = generatedSentinel()
        for text in ["mysql://root:\(sentinel)@db/penguins", "just-\(sentinel)", ""] {
            let error = #expect(throws: SettingsError.self) { try parse(text) }
            let message = try #require(error?.description)
            #expect(message.hasPrefix("DATABASE_URL: "))
            #expect(!message.contains(sentinel))
        }
        let mysql = #expect(throws: SettingsError.self) { try parse("mysql://x@y/z") }
        #expect(mysql?.description.contains("'mysql://' is not supported") == true)
    }

    @Test("A malformed password holding quotes is dropped whole from libpq's parse error (found by the fuzzer)")
    func quotedFragmentsWithQuotes() throws {
        let sentinel = generatedSentinel()
        let cases: [(String, String)] = [
            ("postgresql://app:a\"\(sentinel)%zz@127.0.0.1/penguins", "invalid percent-encoded token: \"…\""),
            ("postgresql://app@127.0.0.1/penguins?password=a\"b\"\(sentinel)%zz", "invalid percent-encoded token: \"…\""),
            ("postgresql://app:=\"\(sentinel)%00@127.0.0.1/p", "forbidden value %00 in percent-encoded value: \"…\""),
            ("host=127.0.0.1 bogus\"\(sentinel)=1", "invalid connection option \"…\""),
            ("postgresql://app@127.0.0.1/p?a\"\(sentinel)=1", "invalid URI query parameter: \"…\""),
            ("host=127.0.0.1 x\"\(sentinel)", "missing \"=\" after \"…\" in connection info string"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: SettingsError.self) { try parse(text) }
            let message = try #require(error?.description)
            #expect(!message.contains(sentinel), "\(message)")
            #expect(message == "DATABASE_URL: not a valid Postgres connection string: \(expected)")
        }
    }

    @Test("PGPASSWORD_FILE: the file's password reaches libpq inside the conninfo and is redacted everywhere")
    func passwordFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = generatedSentinel()
        let password = sentinel + " '\\%&=?\"é"
        let path = try directory.write("pgpassword", password + "\n")
        for text in [
            "postgresql://app@127.0.0.1/penguins", "postgresql://app@127.0.0.1/penguins?connect_timeout=5",
            "postgresql://app@127.0.0.1/penguins?", "host=127.0.0.1 user=app", "postgresql://app@db.example.com/penguins",
        ] {
            let url = try parse(text, environment: ["PGPASSWORD_FILE": path])
            let parsed = try PostgresConninfo(try #require(conninfo(url)))
            #expect(parsed.value("password") == password, "\(text)")
            #expect(parsed.value("host") == (text.contains("example") ? "db.example.com" : "127.0.0.1"))
            #expect(parsed.value("sslmode") == (text.contains("example") ? "verify-full" : nil))
            #expect(url.description.contains("password=<redacted>"))
            #expect(!url.description.contains(sentinel) && !String(reflecting: url).contains(sentinel))
        }
    }

    @Test("PGPASSWORD_FILE: a password in the URL wins; with PGPASSWORD, or group-readable, or empty, it is refused")
    func passwordFileRules() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = generatedSentinel()
        let path = try directory.write("pgpassword", sentinel)
        let inURL = try parse("postgresql://app:given@127.0.0.1/penguins", environment: ["PGPASSWORD_FILE": path])
        #expect(try PostgresConninfo(try #require(conninfo(inURL))).value("password") == "given")
        let both = #expect(throws: SettingsError.self) {
            try parse("postgresql://app@127.0.0.1/penguins", environment: ["PGPASSWORD_FILE": path, "PGPASSWORD": sentinel])
        }
        #expect(both == .valueAndFileBothSet(name: "PGPASSWORD"))
        let loose = try directory.write("loose", sentinel, mode: 0o640)
        let insecure = #expect(throws: SettingsError.self) {
            try parse("postgresql://app@127.0.0.1/penguins", environment: ["PGPASSWORD_FILE": loose])
        }
        #expect(insecure == .insecureFileMode(path: loose, mode: 0o640))
        let empty = try directory.write("empty", "\n")
        let emptyError = #expect(throws: SettingsError.self) {
            try parse("host=127.0.0.1", environment: ["PGPASSWORD_FILE": empty])
        }
        #expect(emptyError?.description.contains("PGPASSWORD_FILE") == true)
        for error in [both, insecure, emptyError] { #expect(error?.description.contains(sentinel) == false) }
        let sqlite = try parse("sqlite:p.sqlite", environment: ["PGPASSWORD_FILE": loose])
        #expect(sqlite.kind == .sqlite)
    }

    @Test("Local host detection", arguments: [
        ("", true), ("localhost", true), ("127.0.0.1", true), ("::1", true), ("/tmp", true), ("localhost,/tmp", true),
        ("db.example", false), ("localhost,db.example", false), ("10.1.2.3", false),
    ])
    func localHosts(hosts: String, isLocal: Bool) {
        #expect(DatabaseURL.isLocal(hosts: hosts) == isLocal)
    }
}
