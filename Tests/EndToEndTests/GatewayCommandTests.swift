import Foundation
import Testing
import TestSupport

/// The `penguins` binary as a user runs it: migrate and load on both engines, configured by environment only.
@Suite("penguins migrate and load, end to end")
struct GatewayCommandTests {
    @Test("On the embedded default, with no configuration: migrate, then load shows 344 rows")
    func embeddedDefault() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let migrate = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations, "--to", "2"], in: directory.path)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.hasSuffix("sqlite: applied 2 migrations\n"), "\(migrate.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/penguins.sqlite"))
        let rest = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], in: directory.path)
        #expect(rest.standardOutput.hasSuffix("sqlite: applied 7 migrations\n"), "\(rest.standardOutput)")
        let load = try PenguinsProcess.run(["load", "--head", "3"], in: directory.path)
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardOutput.hasPrefix("344 rows × 9 columns from sqlite"))
        #expect(load.standardOutput.contains("1   Adelie   Torgersen  39.1"))
        let again = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], in: directory.path)
        #expect(again.standardOutput.contains("sqlite: up to date"))
    }

    @Test("On Postgres given only DATABASE_URL_FILE: migrate, status, verify and load")
    func postgresFromSecretFile() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let urlFile = directory.path + "/database_url"
        try Data((target.url + "\n").utf8).write(to: URL(fileURLWithPath: urlFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: urlFile)
        let environment = ["DATABASE_URL_FILE": urlFile]
        let migrations = ["--migrations", PenguinsProcess.migrations]

        let migrate = try PenguinsProcess.run(["migrate"] + migrations, environment: environment, in: directory.path)
        #expect(migrate.status == 0, "\(migrate.standardError)")
        #expect(migrate.standardOutput.contains("postgres: applied 9 migrations"))
        let status = try PenguinsProcess.run(["migrate", "status"] + migrations, environment: environment, in: directory.path)
        let roles = status.standardOutput.split(separator: "\n").first { $0.hasPrefix("3 ") }
        #expect(roles.map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4) } == ["3", "access", "roles", "applied"])
        let verify = try PenguinsProcess.run(["migrate", "verify"] + migrations, environment: environment, in: directory.path)
        #expect(verify.status == 0)
        let load = try PenguinsProcess.run(["load"], environment: environment, in: directory.path)
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardOutput.hasPrefix("344 rows × 9 columns from postgres"))
        for outcome in [migrate, status, verify, load] { #expect(!outcome.allOutput.contains(target.password)) }
    }

    @Test("migrate status shows applied times to the millisecond, in UTC, on both engines", arguments: ["sqlite", "postgres"])
    func statusTimePrecision(engine: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = try engine == "postgres" ? ["DATABASE_URL": PostgresTarget.fresh().url] : [:]
        #expect(try PenguinsProcess.run(["migrate"], environment: environment, in: directory.path).status == 0)
        let status = try PenguinsProcess.run(["migrate", "status"], environment: environment, in: directory.path)
        let rows = status.standardOutput.split(separator: "\n").dropFirst()
        #expect(rows.count == 9, "\(status.standardOutput)")
        for row in rows {
            #expect(row.contains(#/ applied \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(\d+ ms\)$/#), "\(row)")
        }
    }

    @Test("libpq's own PGPASSFILE and PGSERVICE fill in what DATABASE_URL leaves out")
    func libpqEnvironment() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func write(_ name: String, _ text: String) throws -> String {
            let path = directory.path + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            return path
        }
        let passfile = try write("pgpass", "\(target.host):\(target.port):\(target.database):\(target.user):\(target.password)\n")
        let services = try write(
            "pg_service.conf", "[penguins]\nhost=\(target.host)\nport=\(target.port)\ndbname=\(target.database)\nuser=\(target.user)\n")
        let withoutPassword = "postgresql://\(target.user)@\(target.host):\(target.port)/\(target.database)"
        for environment in [
            ["DATABASE_URL": withoutPassword, "PGPASSFILE": passfile],
            ["DATABASE_URL": "service=penguins", "PGSERVICEFILE": services, "PGPASSFILE": passfile],
        ] {
            let outcome = try PenguinsProcess.run(
                ["migrate", "--migrations", PenguinsProcess.migrations], environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(!outcome.allOutput.contains(target.password))
        }
    }

    @Test("Eight concurrent `penguins migrate` processes apply each migration exactly once", arguments: ["sqlite", "postgres"])
    func concurrentMigrations(engine: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = engine == "postgres" ? try PostgresTarget.fresh() : nil
        let environment = ["DATABASE_URL": target?.url ?? "sqlite:\(directory.path)/shared.sqlite"]
        let running = try (0..<8).map { _ in
            try PenguinsProcess.start(["migrate", "--migrations", PenguinsProcess.migrations], environment: environment, in: directory.path)
        }
        let outcomes = running.map { PenguinsProcess.finish($0.0, $0.1, $0.2) }
        for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.standardError)") }
        let appliedLines = outcomes.flatMap { $0.standardOutput.split(separator: "\n").filter { $0.hasPrefix("applied ") } }
        let expected = 9
        #expect(appliedLines.count == expected, "each migration applied by exactly one process: \(appliedLines)")
        #expect(Set(appliedLines).count == expected)
        let load = try PenguinsProcess.run(["load", "--query", "SELECT count(*) AS n FROM penguins"], environment: environment, in: directory.path)
        #expect(load.standardOutput.contains("\n344"))
        if let target {
            #expect(try target.query("SELECT count(*), count(DISTINCT version) FROM schema_migrations") == "9|9")
        }
    }
}
