import Foundation
import Testing
import TestSupport

/// Configuration works as the README and secrets.example say.
@Suite("Configuration as documented, end to end", .serialized)
struct DocumentedConfigurationTests {
    @Test("A copy of secrets.example with only DATABASE_URL edited gives a working serve, open without API keys")
    func secretsExampleServes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let example = URL(fileURLWithPath: PenguinsProcess.migrations).deletingLastPathComponent().appendingPathComponent("secrets.example")
        let edited = try String(contentsOf: example, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("DATABASE_URL=") ? "DATABASE_URL=sqlite:\(directory.path)/mine.sqlite" : String($0) }
            .joined(separator: "\n")
        let envFile = directory.path + "/secrets.env"
        try Data(edited.utf8).write(to: URL(fileURLWithPath: envFile))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: envFile)
        let environment = ["PENGUINS_ENV_FILE": envFile]
        for arguments in [["migrate"], ["train"]] {
            let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
        }
        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        let prediction = try await server.post("/predict", json: #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#)
        #expect(prediction.status == 200, "\(prediction.body)")
        #expect(server.terminate().status == 0)
    }

    @Test("penguins config lists every setting the gateway reads, the sources' own variables included")
    func configListsEverything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let passwordFile = directory.path + "/pgpassword"
        let config = try PenguinsProcess.run(
            ["config"], environment: ["PGPASSWORD_FILE": passwordFile, "PENGUINS_MIGRATIONS_DIR": directory.path], in: directory.path)
        #expect(config.status == 0, "\(config.standardError)")
        let rows = config.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        func row(_ name: String) -> [String]? { rows.first { $0.first == name } }
        #expect(row("PGPASSWORD_FILE") == ["PGPASSWORD_FILE", passwordFile, "environment"])
        #expect(row("PENGUINS_MIGRATIONS_DIR") == ["PENGUINS_MIGRATIONS_DIR", directory.path, "environment"])
        #expect(row("PENGUINS_ENV_FILE") == ["PENGUINS_ENV_FILE", "(unset)", "unset"])
        #expect(row("PENGUINS_SECRETS_DIR") != nil)
    }

    @Test("On a database with data of its own, even a table named penguins, migrate goes into a schema of its own")
    func migrateIntoOwnSchema() throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try target.query(
            """
            SET ROLE \(target.user); CREATE TABLE penguins (name text); INSERT INTO penguins VALUES ('Pingu');
            CREATE SCHEMA gateway AUTHORIZATION \(target.user)
            """)
        let environment = ["DATABASE_URL": target.url + "?options=-csearch_path%3Dgateway"]
        for arguments in [["migrate"], ["train"], ["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"]] {
            let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
            #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
        }
        #expect(try target.query("SELECT name FROM public.penguins") == "Pingu")
        #expect(try target.query("SELECT count(*) FROM gateway.penguins") == "344")
        #expect(try target.query("SELECT count(*) FROM gateway.models") == "1")
    }
}
