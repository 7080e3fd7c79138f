import Foundation
import Testing
import TestSupport

/// Bad configuration and failing databases give one clear `error:` line and a non-zero exit, never a stack
/// trace, and never the password.
@Suite("Errors, end to end")
struct ErrorReportingTests {
    @Test("An unsupported DATABASE_URL scheme")
    func badURL() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = "s3cret-" + UUID().uuidString
        let outcome = try PenguinsProcess.run(["load"], environment: ["DATABASE_URL": "mysql://root:\(sentinel)@db/penguins"], in: directory.path)
        let line = outcome.singleErrorLine(sentinel: sentinel)
        #expect(line.hasPrefix("error: DATABASE_URL: the scheme 'mysql://' is not supported"))
    }

    @Test("An unreachable host, retried until PENGUINS_CONNECT_TIMEOUT, with attempts logged without secrets")
    func unreachableHost() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = "s3cret-" + UUID().uuidString
        let outcome = try PenguinsProcess.run(
            ["load"],
            environment: [
                "DATABASE_URL": "postgresql://app:\(sentinel)@127.0.0.1:1/penguins", "PENGUINS_CONNECT_TIMEOUT": "1",
                "PENGUINS_LOG_FORMAT": "json",
            ], in: directory.path)
        let line = outcome.singleErrorLine(sentinel: sentinel)
        #expect(line.contains("127.0.0.1"), "\(line)")
        #expect(line.contains("Connection refused"), "\(line)")
        let retries = outcome.standardError.split(separator: "\n").filter { $0.contains("\"message\":\"database connection attempt failed; retrying\"") }
        #expect(retries.count >= 2, "\(outcome.standardError)")
        #expect(retries.allSatisfy { $0.contains("password=<redacted>") })
    }

    @Test("A bad connection option fails at once with one error line, without connection retries")
    func badOptionNotRetried() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = "s3cret-" + UUID().uuidString
        for (url, expected) in [
            ("postgresql://app:\(sentinel)@127.0.0.1:5432/penguins?sslmode=bogus", "invalid sslmode value"),
            ("postgresql://app:\(sentinel)@127.0.0.1:notaport/penguins", "invalid integer value"),
        ] {
            let outcome = try PenguinsProcess.run(
                ["load"], environment: ["DATABASE_URL": url, "PENGUINS_LOG_FORMAT": "json"], in: directory.path)
            let line = outcome.singleErrorLine(sentinel: sentinel)
            #expect(line.contains(expected), "\(line)")
            #expect(!outcome.standardError.contains("retrying"), "\(outcome.standardError)")
        }
    }

    @Test("A wrong password")
    func wrongPassword() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = "wrong-" + UUID().uuidString
        let url = "postgresql://\(target.user):\(sentinel)@\(target.host):\(target.port)/\(target.database)"
        let outcome = try PenguinsProcess.run(["load"], environment: ["DATABASE_URL": url], in: directory.path)
        let line = outcome.singleErrorLine(sentinel: sentinel)
        #expect(line.contains("password authentication failed for user \"\(target.user)\""), "\(line)")
    }

    @Test("A missing table, on both engines", arguments: ["sqlite", "postgres"])
    func missingTable(engine: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = engine == "postgres" ? try PostgresTarget.fresh() : nil
        let url = target?.url ?? "sqlite:\(directory.path)/empty.sqlite"
        // An empty file is an empty SQLite database; with no file at all, load would say to migrate first.
        if target == nil { _ = FileManager.default.createFile(atPath: directory.path + "/empty.sqlite", contents: nil) }
        let outcome = try PenguinsProcess.run(["load"], environment: ["DATABASE_URL": url], in: directory.path)
        let line = outcome.singleErrorLine(sentinel: target?.password ?? "never-present")
        #expect(line.contains("penguins"), "\(line)")
        #expect(line.contains("run `penguins migrate` first"), "\(line)")
    }

    @Test("penguins config shows where each setting came from and never the password, from any source")
    func configRedacts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sentinel = "s3cret-" + UUID().uuidString
        let url = "postgresql://app:\(sentinel)@db.example.com/penguins"
        let file = directory.path + "/url"
        try Data(url.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        for (environment, source) in [(["DATABASE_URL": url], "environment"), (["DATABASE_URL_FILE": file], "NAME_FILE")] {
            let outcome = try PenguinsProcess.run(["config"], environment: environment, in: directory.path)
            #expect(outcome.status == 0)
            #expect(!outcome.allOutput.contains(sentinel))
            let line = outcome.standardOutput.split(separator: "\n").first { $0.hasPrefix("DATABASE_URL ") }
            #expect(line?.contains("password=<redacted>") == true)
            #expect(line?.contains("sslmode=verify-full") == true)
            #expect(line?.hasSuffix(source) == true)
        }
    }

    @Test("--help says credentials come from the environment, and no option takes a password or URL")
    func helpPointsToEnvironment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let help = try PenguinsProcess.run(["--help"], in: directory.path)
        #expect(help.standardOutput.contains("DATABASE_URL"))
        #expect(help.standardOutput.contains("no flag for a password"))
        for command in [["migrate", "--help"], ["load", "--help"], ["config", "--help"], ["migrate", "status", "--help"]] {
            let text = try PenguinsProcess.run(command, in: directory.path).standardOutput.lowercased()
            #expect(!text.contains("--password") && !text.contains("--url") && !text.contains("--database-url"))
        }
    }
}
