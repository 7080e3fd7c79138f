import Foundation
import TestSupport
import Testing

@testable import DataGateway

@Suite("Settings: sources, precedence and secret files")
struct SettingsTests {
    @Test("With nothing configured, the embedded SQLite default and the documented defaults apply")
    func defaults() async throws {
        let settings = try await Settings.load(environment: [:])
        #expect(settings.databaseURL.description == "sqlite:penguins.sqlite")
        #expect(settings.connectTimeout == .seconds(30))
        #expect(settings.httpHost == "127.0.0.1")
        #expect(settings.httpPort == 8080)
        #expect(settings.modelBoard == .database)
        #expect(settings.resolved.first { $0.key == .databaseURL }?.source == "default")
        #expect(settings.resolved.first { $0.key == .modelVersion }?.source == "unset")
    }

    @Test("Environment beats NAME_FILE-free sources: env > secrets dir > dotenv > default")
    func precedence() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secrets = directory.file("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try TemporaryDirectory.writeFile(at: secrets + "/penguins_http_port", "7001\n")
        try TemporaryDirectory.writeFile(at: secrets + "/penguins_log_level", "debug\n")
        let dotenv = try directory.write(
            "settings.env", "PENGUINS_HTTP_PORT=7002\nPENGUINS_LOG_LEVEL=error\nPENGUINS_HTTP_HOST=0.0.0.0\nPENGUINS_MODEL_BOARD=file:boards\n")
        let base = ["PENGUINS_SECRETS_DIR": secrets, "PENGUINS_ENV_FILE": dotenv]

        let fromFiles = try await Settings.load(environment: base)
        #expect(fromFiles.httpPort == 7001)
        #expect(fromFiles.logLevel == .debug)
        #expect(fromFiles.httpHost == "0.0.0.0")
        #expect(fromFiles.modelBoard == .directory("boards"))
        #expect(fromFiles.resolved.first { $0.key == .httpPort }?.source == "secrets directory \(secrets)")
        #expect(fromFiles.resolved.first { $0.key == .httpHost }?.source == "dotenv file \(dotenv)")

        let portFile = try directory.write("port", "7003\n")
        let withFile = try await Settings.load(environment: base.merging(["PENGUINS_HTTP_PORT_FILE": portFile]) { $1 })
        #expect(withFile.httpPort == 7003)
        #expect(withFile.resolved.first { $0.key == .httpPort }?.source == "NAME_FILE")

        let withEnvironment = try await Settings.load(environment: base.merging(["PENGUINS_HTTP_PORT": "7004"]) { $1 })
        #expect(withEnvironment.httpPort == 7004)
        #expect(withEnvironment.resolved.first { $0.key == .httpPort }?.source == "environment")
    }

    @Test("NAME_FILE has its trailing newline trimmed")
    func fileTrimsNewline() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("url", "sqlite:\(directory.path)/x.sqlite\r\n")
        let settings = try await Settings.load(environment: ["DATABASE_URL_FILE": file])
        #expect(settings.databaseURL.description == "sqlite:\(directory.path)/x.sqlite")
    }

    @Test("Setting both NAME and NAME_FILE is an error naming both")
    func bothSet() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("url", "sqlite:a.sqlite")
        let error = await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["DATABASE_URL": "sqlite:b.sqlite", "DATABASE_URL_FILE": file])
        }
        #expect(error?.description == "both DATABASE_URL and DATABASE_URL_FILE are set; unset one of them")
    }

    @Test("A group- or world-readable secret file is refused with its mode and chmod 600", arguments: [0o640, 0o604, 0o644])
    func insecureMode(mode: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = generatedSentinel()
        let file = try directory.write("url", "postgresql://app:\(sentinel)@db.example/penguins", mode: mode)
        let error = await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["DATABASE_URL_FILE": file])
        }
        let message = try #require(error?.description)
        #expect(message.contains(file))
        #expect(message.contains("0" + String(mode, radix: 8)))
        #expect(message.contains("chmod 600"))
        #expect(!message.contains(sentinel))
    }

    @Test("The dotenv file and the secrets directory get the same file-mode check")
    func insecureDotenvAndDirectory() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let dotenv = try directory.write("settings.env", "DATABASE_URL=sqlite:a.sqlite\n", mode: 0o644)
        await #expect(throws: SettingsError.insecureFileMode(path: dotenv, mode: 0o644)) {
            try await Settings.load(environment: ["PENGUINS_ENV_FILE": dotenv])
        }
        let secrets = directory.file("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try TemporaryDirectory.writeFile(at: secrets + "/database_url", "sqlite:a.sqlite", mode: 0o644)
        await #expect(throws: SettingsError.insecureFileMode(path: secrets + "/database_url", mode: 0o644)) {
            try await Settings.load(environment: ["PENGUINS_SECRETS_DIR": secrets])
        }
    }

    @Test("A missing NAME_FILE is an error naming the file and the variable")
    func missingFile() async throws {
        let error = await #expect(throws: SettingsError.self) {
            try await Settings.load(environment: ["DATABASE_URL_FILE": "/nonexistent/penguins-url"])
        }
        #expect(error?.description.contains("/nonexistent/penguins-url") == true)
        #expect(error?.description.contains("DATABASE_URL_FILE") == true)
    }

    @Test("The HTTP hardening settings: defaults, and an allow-list read as comma-separated names")
    func httpHardening() async throws {
        let defaults = try await Settings.load(environment: [:])
        #expect(defaults.httpIdleTimeout == .seconds(30))
        #expect(defaults.httpMaxConnections == 1_000)
        #expect(defaults.httpAllowedHosts == nil)
        let set = try await Settings.load(environment: [
            "PENGUINS_HTTP_IDLE_TIMEOUT": "2.5", "PENGUINS_HTTP_MAX_CONNECTIONS": "64", "PENGUINS_HTTP_ALLOWED_HOSTS": " api.example , localhost,,",
        ])
        #expect(set.httpIdleTimeout == .milliseconds(2_500))
        #expect(set.httpMaxConnections == 64)
        #expect(set.httpAllowedHosts == ["api.example", "localhost"])
    }

    @Test("Bad values are named with what is expected")
    func badValues() async throws {
        for (name, value, fragment) in [
            ("PENGUINS_HTTP_PORT", "eighty", "PENGUINS_HTTP_PORT: 'eighty' is not a number from 1 to 65535"),
            ("PENGUINS_CONNECT_TIMEOUT", "-1", "PENGUINS_CONNECT_TIMEOUT: '-1' is not a number"),
            ("PENGUINS_LOG_LEVEL", "loud", "PENGUINS_LOG_LEVEL: 'loud' is not one of trace"),
            ("PENGUINS_LOG_FORMAT", "xml", "PENGUINS_LOG_FORMAT: 'xml' is not json or text"),
            ("PENGUINS_MODEL_BOARD", "s3://x", "PENGUINS_MODEL_BOARD: 's3://x' is neither"),
            ("PENGUINS_HTTP_IDLE_TIMEOUT", "0", "PENGUINS_HTTP_IDLE_TIMEOUT: '0' is not a number from 0.1 to 86400"),
            ("PENGUINS_HTTP_MAX_CONNECTIONS", "many", "PENGUINS_HTTP_MAX_CONNECTIONS: 'many' is not a number from 1 to 1000000"),
        ] {
            let error = await #expect(throws: SettingsError.self) { try await Settings.load(environment: [name: value]) }
            #expect(error?.description.hasPrefix(fragment) == true, "\(String(describing: error))")
        }
    }

    @Test("A sentinel password given through every source never appears in the resolved display")
    func sentinelRedactedFromEverySource() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = generatedSentinel()
        let url = "postgresql://app:\(sentinel)@127.0.0.1:5432/penguins"
        let secrets = directory.file("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try TemporaryDirectory.writeFile(at: secrets + "/database_url", url)
        let environments: [[String: String]] = [
            ["DATABASE_URL": url],
            ["DATABASE_URL_FILE": try directory.write("url", url + "\n")],
            ["PENGUINS_SECRETS_DIR": secrets],
            ["PENGUINS_ENV_FILE": try directory.write("settings.env", "DATABASE_URL=\(url)\n")],
            ["DATABASE_URL": "host=127.0.0.1 user=app password='\(sentinel)' dbname=penguins"],
        ]
        for environment in environments {
            let settings = try await Settings.load(environment: environment)
            let shown = settings.resolved.map { "\($0.key) \($0.displayValue) \($0.source)" }.joined(separator: "\n")
            #expect(!shown.contains(sentinel))
            #expect(!"\(settings.databaseURL)".contains(sentinel))
            #expect(shown.contains("password=<redacted>"))
            guard case .postgres(let conninfo, _) = settings.databaseURL else {
                Issue.record("expected a Postgres target")
                continue
            }
            #expect(conninfo.reveal().contains(sentinel), "the connector still receives the real password")
        }
    }
}
