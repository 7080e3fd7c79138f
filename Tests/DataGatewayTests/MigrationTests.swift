import Foundation
import Logging
import TestSupport
import Testing

@testable import DataGateway

@Suite("Migrations on both engines")
struct MigrationTests {
    private let logger = Logger(label: "test")

    @Test("The shipped migrations apply, load 344 penguins, and a second run changes nothing", arguments: DatabaseKind.allCases)
    func applyAndIdempotent(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: kind))
            let applied = try migrator.migrate(test.database, logger: logger)
            #expect(applied.map(\.version) == (kind == .postgres ? [1, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 4, 5, 6, 7, 8, 9, 10]))
            #expect(try test.database.query("SELECT count(*) AS n FROM penguins").column("n").numeric(0) == 344)
            #expect(try migrator.migrate(test.database, logger: logger).isEmpty)
            let history = try test.database.query("SELECT version, checksum, execution_ms, applied_by FROM schema_migrations ORDER BY version")
            #expect(history.rowCount == applied.count)
            #expect(try history.column("checksum").string(0) == applied[0].checksum)
            #expect(try (0..<history.rowCount).allSatisfy { try history.column("execution_ms").numeric($0)! >= 0 })
            #expect(try history.column("applied_by").string(0)?.isEmpty == false)
            #expect(try migrator.status(of: test.database).allSatisfy { if case .applied = $0.state { true } else { false } })
        }
    }

    @Test("--to applies only up to the version; an unknown version is an error", arguments: DatabaseKind.allCases)
    func toVersion(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: kind))
            #expect(try migrator.migrate(test.database, to: 1, logger: logger).map(\.version) == [1])
            #expect(try migrator.pending(in: test.database).map(\.version).first == 2)
            #expect(throws: MigrationError.self) { try migrator.migrate(test.database, to: 42, logger: logger) }
        }
    }

    @Test("Migration 0009 folds each logged record's input rows into its row's inputs object, and drops the long table",
        arguments: DatabaseKind.allCases)
    func predictionLogInputsFolded(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let database = test.database
            let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: kind))
            _ = try migrator.migrate(database, to: 8, logger: logger)
            let time = kind == .postgres ? "CAST($3 AS timestamptz)" : "$3"
            for (request, at) in [("a", "2026-11-30T09:00:00.000Z"), ("b", "2026-11-30T09:00:01.000Z")] {
                try database.execute(
                    "INSERT INTO prediction_log (request_id, record_index, version, predicted_at, latency_seconds, prediction) VALUES ($1, $2, 'v1', \(time), 0.001, 4000)",
                    [.text(request), .integer(0), .text(at)])
            }
            let inputs: [(String, String, SQLValue, SQLValue)] = [
                ("a", "bill_length_mm", .double(39.5), .null), ("a", "species", .null, .text("Adelie")), ("b", "sex", .null, .text("male")),
            ]
            for (request, feature, number, level) in inputs {
                try database.execute(
                    """
                    INSERT INTO prediction_log_inputs (request_id, record_index, version, predicted_at, feature, number, level)
                    SELECT request_id, record_index, version, predicted_at, $2, $3, $4 FROM prediction_log WHERE request_id = $1
                    """,
                    [.text(request), .text(feature), number, level])
            }
            #expect(try migrator.migrate(database, to: 9, logger: logger).map(\.version) == [9])
            let folded = try database.query("SELECT request_id, CAST(inputs AS TEXT) AS inputs FROM prediction_log ORDER BY request_id")
            let objects = try (0..<folded.rowCount).map { row in
                try JSONSerialization.jsonObject(with: Data((folded.column("inputs").string(row) ?? "").utf8)) as? [String: Any]
            }
            #expect(objects.count == 2)
            #expect(objects.first??.count == 2 && objects.first??["bill_length_mm"] as? Double == 39.5)
            #expect(objects.first??["species"] as? String == "Adelie")
            #expect(objects.last??.count == 1 && objects.last??["sex"] as? String == "male")
            #expect(throws: DatabaseError.self) { try database.query("SELECT count(*) FROM prediction_log_inputs") }
        }
    }

    @Test("After the migrations the prediction log keeps no index on request ids (0009 on Postgres, 0010 on SQLite)",
        arguments: DatabaseKind.allCases)
    func predictionLogHasNoRequestIndex(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: kind))
            _ = try migrator.migrate(test.database, logger: logger)
            let indexedColumns =
                kind == .postgres
                ? "SELECT CAST(a.attname AS text) AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'prediction_log'::regclass"
                : "SELECT i.name AS name FROM sqlite_master m, pragma_index_info(m.name) i WHERE m.type = 'index' AND m.tbl_name = 'prediction_log'"
            let columns = try test.database.query(indexedColumns).column("name")
            #expect((0..<columns.count).map { columns.string($0) } == ["predicted_at"])
        }
    }

    @Test("A dry run lists pending migrations and changes nothing", arguments: DatabaseKind.allCases)
    func dryRun(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: kind))
            #expect(try migrator.migrate(test.database, dryRun: true, logger: logger).count == migrator.migrations.count)
            #expect(try MigrationHistory(database: test.database).exists() == false)
        }
    }

    @Test("A failing SQL migration leaves no table, no rows and no history row", arguments: DatabaseKind.allCases)
    func failingSQLRollsBack(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("0001_good.sql", "CREATE TABLE good (id integer PRIMARY KEY);")
            try directory.write(
                "0002_bad.sql",
                "CREATE TABLE half (id integer PRIMARY KEY);\nINSERT INTO half VALUES (1);\nINSERT INTO no_such_table VALUES (1);")
            let migrator = Migrator(migrations: try Migration.load(from: directory.path, for: kind))
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(test.database, logger: logger) }
            guard case .failed(file: "0002_bad.sql", let cause)? = error else {
                Issue.record("expected .failed(file: 0002_bad.sql), got \(String(describing: error))")
                return
            }
            #expect(cause.kind == .undefinedObject)
            #expect(try test.database.query("SELECT version FROM schema_migrations").rowCount == 1)
            #expect(throws: DatabaseError.self) { try test.database.query("SELECT * FROM half") }
        }
    }

    @Test("A CSV row that violates a constraint fails with file, line and reason, and loads nothing", arguments: DatabaseKind.allCases)
    func csvConstraintViolation(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("0001_t.sql", "CREATE TABLE t (id integer PRIMARY KEY, mass integer CHECK (mass > 0));")
            try directory.write("0002_rows.t.csv", "id,mass\n1,10\n2,20\n3,-5\n4,40\n")
            let migrator = Migrator(migrations: try Migration.load(from: directory.path, for: kind))
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(test.database, logger: logger) }
            guard case .csv(file: "0002_rows.t.csv", line: 4, _)? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 4), got \(String(describing: error))")
                return
            }
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
            #expect(try test.database.query("SELECT version FROM schema_migrations").rowCount == 1)
        }
    }

    @Test("A CSV row with the wrong number of fields fails with its line, and loads nothing", arguments: DatabaseKind.allCases)
    func csvWrongFieldCount(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("0001_t.sql", "CREATE TABLE t (id integer PRIMARY KEY, name text);")
            try directory.write("0002_rows.t.csv", "id,name\n1,a\n2,b,extra\n")
            let migrator = Migrator(migrations: try Migration.load(from: directory.path, for: kind))
            let error = #expect(throws: MigrationError.self) { try migrator.migrate(test.database, logger: logger) }
            guard case .csv(file: "0002_rows.t.csv", line: 3, reason: "expected 2 fields but found 3")? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 3), got \(String(describing: error))")
                return
            }
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }

    @Test("An applied file whose checksum changed stops migrate and verify, naming the file", arguments: DatabaseKind.allCases)
    func checksumDrift(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("0001_t.sql", "CREATE TABLE t (id integer);")
            try Migrator(migrations: try Migration.load(from: directory.path, for: kind)).migrate(test.database, logger: logger)
            try directory.write("0001_t.sql", "CREATE TABLE t (id integer, extra text);")
            try directory.write("0002_u.sql", "CREATE TABLE u (id integer);")
            let drifted = Migrator(migrations: try Migration.load(from: directory.path, for: kind))
            let error = #expect(throws: MigrationError.self) { try drifted.migrate(test.database, logger: logger) }
            guard case .checksumMismatch(file: "0001_t.sql", _, _)? = error else {
                Issue.record("expected .checksumMismatch(file: 0001_t.sql), got \(String(describing: error))")
                return
            }
            #expect(throws: MigrationError.self) { try drifted.verify(test.database) }
            #expect(throws: DatabaseError.self) { try test.database.query("SELECT * FROM u") }
            #expect(try drifted.status(of: test.database).map(\.state) == [.changedSinceApplied, .pending])
        }
    }

    @Test("migrate on Postgres waits for another run's lock at most its timeout, then names the holder")
    func lockTimeoutNamesTheHolder() throws {
        try withTestDatabase(.postgres) { test in
            try withConnection(PostgresDatabase(conninfo: Secret(test.url.reveal() + " application_name=other-migrate-run"), logger: logger)) { holder in
                try holder.execute("SELECT pg_advisory_lock($1)", [.integer(Migrator.advisoryLockKey)])
                let pid = try #require(try holder.query("SELECT pg_backend_pid() AS pid").column("pid").numeric(0))
                let migrator = Migrator(migrations: try Migration.load(from: TestDatabase.repositoryMigrations, for: .postgres), lockTimeout: .milliseconds(300))
                let error = #expect(throws: MigrationError.self) { try migrator.migrate(test.database, logger: logger) }
                let message = try #require(error?.description)
                #expect(message.contains("pid \(Int(pid))") && message.contains(#"application_name "other-migrate-run""#), "\(message)")
                #expect(message.contains("PENGUINS_CONNECT_TIMEOUT"))
                // Nothing was applied, and once the holder lets go the same connection migrates.
                #expect(throws: DatabaseError.self) { try test.database.query("SELECT * FROM penguins") }
                try holder.execute("SELECT pg_advisory_unlock($1)", [.integer(Migrator.advisoryLockKey)])
                #expect(try !migrator.migrate(test.database, logger: logger).isEmpty)
            }
        }
    }

    @Test("Bad file names and duplicate versions are refused with the file named")
    func badFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("01_short.sql", "")
        #expect(throws: MigrationError.self) { try Migration.load(from: directory.path, for: .sqlite) }
        try FileManager.default.removeItem(atPath: directory.file("01_short.sql"))
        try directory.write("0001_a.sql", "")
        try directory.write("0001_b.sqlite.sql", "")
        let error = #expect(throws: MigrationError.self) { try Migration.load(from: directory.path, for: .sqlite) }
        #expect(error?.description.contains("0001_a.sql, 0001_b.sqlite.sql") == true)
        #expect(throws: MigrationError.self) { try Migration.load(from: directory.file("missing"), for: .sqlite) }
    }
}
