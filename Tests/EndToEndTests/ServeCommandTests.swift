import Foundation
import Testing
import TestSupport

/// `penguins serve` as a user and an orchestrator run it: first run on a fresh clone, a shared database with
/// pending migrations, an outage, and SIGTERM.
@Suite("penguins serve, end to end", .serialized)
struct ServeCommandTests {
    private let vetiverRequest = #"[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#

    @Test("On a fresh directory with no configuration: migrate, train, serve; SIGTERM exits 0")
    func firstRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try ServeProcess(environment: [:], in: directory.path)
        try await server.waitUntilListening()
        #expect(try await server.get("/readyz").status == 200)
        let prediction = try await server.post("/predict", json: vetiverRequest)
        #expect(prediction.status == 200)
        let value = try JSONDecoder().decode([String: [Double]].self, from: Data(prediction.body.utf8))["predict"]?.first
        #expect(abs((value ?? 0) - 5275.663941169738) < 1e-6)
        #expect(try await server.get("/").body.contains("Predicted body mass (g)"))
        let outcome = server.terminate()
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let started = outcome.standardOutput.split(separator: "\n").first { $0.contains("\"message\":\"app started\"") }
        #expect(started?.contains("\"model_version\":\"2") == true, "\(outcome.standardOutput.prefix(2000))")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/penguins.sqlite"))
    }

    @Test("Against Postgres with pending migrations it refuses to start, and migrates nothing")
    func refusesPendingMigrations() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let outcome = try PenguinsProcess.run(
            ["serve", "--migrations", PenguinsProcess.migrations], environment: ["DATABASE_URL": target.url], in: directory.path)
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("error: the database has pending migrations (0001_create_penguins.postgres.sql"))
        #expect(!outcome.allOutput.contains(target.password))
        #expect(try target.query("SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'") == "0")
    }

    @Test("When Postgres stops, /predict keeps answering and /readyz says why; it recovers with no restart")
    func outageAndRecovery() async throws {
        let cluster = try DedicatedCluster()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": cluster.url, "PENGUINS_LOG_LEVEL": "info"]
        for command in [["migrate", "--migrations", PenguinsProcess.migrations], ["train"]] {
            let outcome = try PenguinsProcess.run(command, environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }
        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        #expect(try await server.get("/readyz").status == 200)

        try cluster.halt()
        try await Task.sleep(for: .milliseconds(1200))
        let down = try await server.get("/readyz")
        #expect(down.status == 503)
        #expect(down.body.contains("database unreachable"), "\(down.body)")
        // The reason is for anyone who can reach /readyz; where the database is, is for the log only.
        #expect(!down.body.contains("127.0.0.1") && !down.body.lowercased().contains("port"), "\(down.body)")
        #expect(try await server.post("/predict", json: vetiverRequest).status == 200)
        #expect(try await server.get("/metrics").body.contains("penguins_database_up 0"))

        try cluster.resume()
        var recovered = false
        for _ in 0..<120 where !recovered {
            try await Task.sleep(for: .milliseconds(250))
            recovered = try await server.get("/readyz").status == 200
        }
        #expect(recovered)
        let outcome = server.terminate()
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("database not reachable"))
        #expect(!outcome.allOutput.contains(cluster.password))
    }
}
