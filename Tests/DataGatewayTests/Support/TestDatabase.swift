import DataGateway
import Foundation
import Logging

/// A brand-new, empty database of either engine: a SQLite file in a temp dir, or a new database in the
/// throwaway Postgres cluster that scripts/test starts.
struct TestDatabase {
    let database: any Database
    /// The URL a `penguins` process would be given for the same database (its secret is a generated one).
    let url: Secret<String>
    private let directory: TemporaryDirectory?

    static func fresh(_ kind: DatabaseKind) throws -> TestDatabase {
        let logger = Logger(label: "test")
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory()
            let path = directory.file("test.sqlite")
            return TestDatabase(
                database: try SQLiteDatabase(path: path, logger: logger), url: Secret("sqlite:\(path)"), directory: directory)
        case .postgres:
            let conninfo = try TestPostgres.freshDatabase()
            return TestDatabase(
                database: try PostgresDatabase(conninfo: conninfo, logger: logger), url: conninfo, directory: nil)
        }
    }

    /// The migrations shipped in the repository's `migrations/` directory.
    static var repositoryMigrations: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations").path
    }

    func close() {
        database.close()
        directory?.remove()
    }
}
