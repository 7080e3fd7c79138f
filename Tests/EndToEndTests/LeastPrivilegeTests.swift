import Foundation
import Testing
import TestSupport

/// The access roles of migration 0003 through the CLI: a login role granted `penguins_reader` reads, trains
/// and serves but cannot migrate or score; one granted `penguins_writer` scores but cannot alter the schema.
/// Every refusal is one clear permission error and leaves the database as it was.
@Suite("Least privilege, end to end")
struct LeastPrivilegeTests {
    /// A login role with a generated password, granted `group`, and the URL that logs in as it.
    private func loginRole(_ group: String, on target: PostgresTarget) throws -> (url: String, password: String) {
        let role = "lp_\(UUID().uuidString.prefix(8).lowercased())"
        let password = UUID().uuidString + UUID().uuidString
        try target.superuserSQL(
            "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'; GRANT \(group) TO \(role); "
                + "GRANT CONNECT ON DATABASE \(target.database) TO \(role);")
        return ("postgresql://\(role):\(password)@\(target.host):\(target.port)/\(target.database)", password)
    }

    /// The shipped migrations plus a pending one that creates a table, to see whether a role may apply it.
    private func migrationsWithPendingDDL(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/migrations"
        try FileManager.default.copyItem(atPath: PenguinsProcess.migrations, toPath: path)
        try Data("CREATE TABLE privilege_probe (id integer);\n".utf8)
            .write(to: URL(fileURLWithPath: path + "/0099_privilege_probe.sql"))
        return path
    }

    /// What must not change when a refused command runs.
    private func snapshot(_ target: PostgresTarget) throws -> String {
        try target.query(
            "SELECT (SELECT count(*) FROM schema_migrations) || '|' || (SELECT count(*) FROM penguin_predictions) || '|' || "
                + "coalesce(to_regclass('privilege_probe')::text, 'absent') || '|' || (SELECT count(*) FROM penguins)")
    }

    /// The owner migrates and trains one model, as a deployment would before any other role runs.
    private func migrateAndTrain(_ target: PostgresTarget, in directory: TemporaryDirectory) throws {
        for command in [["migrate", "--migrations", PenguinsProcess.migrations], ["train"]] {
            let outcome = try PenguinsProcess.run(command, environment: ["DATABASE_URL": target.url], in: directory.path)
            try #require(outcome.status == 0, "\(outcome.standardError)")
        }
    }

    /// Checks a refusal: non-zero exit, one `error:` line that says permission denied with SQLSTATE 42501
    /// and the roles hint, and no password.
    private func expectPermissionError(_ outcome: PenguinsProcess.Outcome, password: String, _ what: String) {
        #expect(outcome.status != 0, "\(what) should fail")
        let lines = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
        #expect(lines.count == 1, "\(what): \(outcome.standardError)")
        let line = lines.first.map(String.init) ?? ""
        #expect(line.contains("permission denied") && line.contains("SQLSTATE 42501"), "\(what): \(line)")
        #expect(line.contains("penguins_reader / penguins_writer"), "\(what): \(line)")
        #expect(!outcome.allOutput.contains(password))
    }

    @Test("penguins_reader: load and train --in-database work; migrate and score are refused and change nothing")
    func reader() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let owner = ["DATABASE_URL": target.url]
        let setup = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], environment: owner, in: directory.path)
        try #require(setup.status == 0, "\(setup.standardError)")
        let migrations = try migrationsWithPendingDDL(in: directory)
        let reader = try loginRole("penguins_reader", on: target)
        let environment = ["DATABASE_URL": reader.url, "PENGUINS_MODEL_BOARD": "file:\(directory.path)/board"]
        func run(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
        }

        let load = try run(["load"])
        #expect(load.status == 0, "\(load.standardError)")
        #expect(load.standardOutput.hasPrefix("344 rows × 9 columns from postgres"))
        let train = try run(["train", "--in-database"])
        #expect(train.status == 0, "\(train.standardError)")
        #expect(train.standardOutput.contains("n = 333"))

        let before = try snapshot(target)
        #expect(before == "9|0|absent|344")
        expectPermissionError(try run(["migrate", "--migrations", migrations]), password: reader.password, "reader migrate")
        expectPermissionError(try run(["score"]), password: reader.password, "reader score")
        expectPermissionError(try run(["score", "--in-database"]), password: reader.password, "reader score --in-database")
        #expect(try snapshot(target) == before)
        for outcome in [load, train] { #expect(!outcome.allOutput.contains(reader.password)) }
    }

    @Test("penguins_reader: serve with the prediction log off, against a database the owner migrated and trained, is ready and predicts")
    func readerServes() async throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try migrateAndTrain(target, in: directory)
        let reader = try loginRole("penguins_reader", on: target)
        // Writing the prediction log takes penguins_server (the next test).
        let server = try ServeProcess(environment: ["DATABASE_URL": reader.url, "PENGUINS_PREDICTION_LOG": "off"], in: directory.path)
        do {
            try await server.waitUntilListening()
            #expect(try await server.get("/readyz").status == 200)
            let prediction = try await server.post(
                "/predict", json: #"[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#)
            #expect(prediction.status == 200, "\(prediction.body)")
            let value = try? JSONDecoder().decode([String: [Double]].self, from: Data(prediction.body.utf8))["predict"]?.first
            #expect(abs((value ?? 0) - 5275.663941169738) < 1e-6, "\(prediction.body)")
            #expect(try await server.get("/metrics").body.contains("penguins_database_up 1"))
        } catch {
            _ = server.terminate()
            throw error
        }
        let outcome = server.terminate()
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(!outcome.allOutput.contains(reader.password))
        // The reader changed nothing: the owner's one model and no scores.
        #expect(try target.query("SELECT (SELECT count(*) FROM models) || '|' || (SELECT count(*) FROM penguin_predictions)") == "1|0")
    }

    @Test("penguins_server: serve writes the prediction log; only penguins_writer records actuals; penguins_reader writes neither")
    func predictionLogGrants() async throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try migrateAndTrain(target, in: directory)
        let server = try loginRole("penguins_server", on: target)
        let serve = try ServeProcess(environment: ["DATABASE_URL": server.url], in: directory.path)
        try await serve.waitUntilListening()
        let prediction = try await serve.post("/predict", json: #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#)
        #expect(prediction.status == 200, "\(prediction.body)")
        let stopped = serve.terminate()
        #expect(stopped.status == 0, "\(stopped.standardError)")
        #expect(!stopped.allOutput.contains("cannot write"), "\(stopped.standardOutput)")
        #expect(try target.query("SELECT count(*) FROM prediction_log") == "1")

        let actuals = ["monitor", "actuals", "--query", "SELECT request_id, record_index, 5000.0 AS actual FROM prediction_log"]
        let reader = try loginRole("penguins_reader", on: target)
        expectPermissionError(
            try PenguinsProcess.run(actuals, environment: ["DATABASE_URL": reader.url], in: directory.path), password: reader.password,
            "reader monitor actuals")
        let writer = try loginRole("penguins_writer", on: target)
        let recorded = try PenguinsProcess.run(actuals, environment: ["DATABASE_URL": writer.url], in: directory.path)
        #expect(recorded.status == 0, "\(recorded.standardError)")
        #expect(recorded.standardOutput == "recorded 1 actual; 0 matched no logged prediction\n")
        // Each role's own privileges, tried as that role: the reader cannot append to the log or delete from it,
        // and serve's role cannot touch the actuals.
        for (role, statement) in [
            (reader, "INSERT INTO prediction_log VALUES ('x', 0, 'v', now(), 0, 0)"), (reader, "DELETE FROM prediction_log"),
            (server, "INSERT INTO prediction_actuals VALUES ('x', 0, 1)"), (server, "DELETE FROM prediction_actuals"),
        ] {
            let name = role.url.dropFirst("postgresql://".count).prefix { $0 != ":" }
            #expect(throws: (any Error).self, "\(name): \(statement)") { try target.query("SET ROLE \(name); \(statement)") }
        }
        #expect(try target.query("SELECT (SELECT count(*) FROM prediction_log) || '|' || (SELECT count(*) FROM prediction_actuals)") == "1|1")
    }

    @Test("penguins_writer: score works; a migration that alters the schema is refused and changes nothing")
    func writer() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let board = ["PENGUINS_MODEL_BOARD": "file:\(directory.path)/board"]
        let owner = board.merging(["DATABASE_URL": target.url]) { $1 }
        let setup = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], environment: owner, in: directory.path)
        try #require(setup.status == 0, "\(setup.standardError)")
        let trained = try PenguinsProcess.run(["train"], environment: owner, in: directory.path)
        try #require(trained.status == 0, "\(trained.standardError)")
        let migrations = try migrationsWithPendingDDL(in: directory)
        let writer = try loginRole("penguins_writer", on: target)
        let environment = board.merging(["DATABASE_URL": writer.url]) { $1 }

        let score = try PenguinsProcess.run(["score"], environment: environment, in: directory.path)
        #expect(score.status == 0, "\(score.standardError)")
        #expect(score.standardOutput.hasPrefix("scored 333 penguins"))
        #expect(!score.allOutput.contains(writer.password))
        let before = try snapshot(target)
        #expect(before == "9|333|absent|344")
        let migrate = try PenguinsProcess.run(["migrate", "--migrations", migrations], environment: environment, in: directory.path)
        expectPermissionError(migrate, password: writer.password, "writer migrate")
        #expect(try snapshot(target) == before)
    }
}
