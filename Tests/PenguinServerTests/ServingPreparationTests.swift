import DataGateway
import Foundation
import Logging
import PenguinServer
import TestSupport
import Testing

/// Issue 11 §9: `serve` against a shared database refuses a schema whose applied files changed.
@Suite struct ServingPreparationTests {
    @Test("Against a shared database, an applied migration whose file changed stops serve, naming the file")
    func changedAppliedMigrationIsRefused() async throws {
        try await withMigratedDatabase(.postgres) { test in
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let shipped = TestDatabase.repositoryMigrations
            for name in try FileManager.default.contentsOfDirectory(atPath: shipped) {
                try FileManager.default.copyItem(atPath: shipped + "/" + name, toPath: directory.file(name))
            }
            let first = try #require(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("0001_") && $0.hasSuffix(".postgres.sql") }.first)
            let edited = try String(contentsOfFile: directory.file(first), encoding: .utf8) + "\n-- edited after it was applied\n"
            try edited.write(toFile: directory.file(first), atomically: true, encoding: .utf8)
            let settings = try await Settings.load(environment: ["DATABASE_URL": test.url.reveal()])
            let error = #expect(throws: MigrationError.self) {
                try ServingPreparation.prepare(
                    database: test.database, settings: settings, migrations: try Migration.load(from: directory.path, for: .postgres),
                    gatewayVersion: "test", logger: Logger(label: "test"))
            }
            guard case .checksumMismatch(let file, _, _)? = error else {
                Issue.record("expected .checksumMismatch, got \(String(describing: error))")
                return
            }
            #expect(file == first)
        }
    }
}
