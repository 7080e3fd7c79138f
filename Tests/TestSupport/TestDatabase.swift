public import DataGateway
import Foundation
import Logging

/// A brand-new, empty database of either engine: a SQLite file in a temp dir, or a new database in the
/// throwaway Postgres cluster that scripts/test starts.
public struct TestDatabase {
    public let database: any Database
    /// The URL a `penguins` process would be given for the same database (its secret is a generated one).
    public let url: Secret<String>
    private let directory: TemporaryDirectory?

    public static func fresh(_ kind: DatabaseKind) throws -> TestDatabase {
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

    /// A fresh database with the repository's migrations applied: the penguins loaded, the board tables made.
    public static func migrated(_ kind: DatabaseKind) throws -> TestDatabase {
        let test = try fresh(kind)
        let migrations = try Migration.load(from: repositoryMigrations, for: kind)
        try Migrator(migrations: migrations).migrate(test.database, logger: Logger(label: "test"))
        return test
    }

    /// The migrations shipped in the repository's `migrations/` directory.
    public static var repositoryMigrations: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations").path
    }

    /// A second connection to the same database, as a restarted process would open.
    public static func reopen(_ test: TestDatabase) throws -> any Database {
        switch test.database.kind {
        case .sqlite: try SQLiteDatabase(path: String(test.url.reveal().dropFirst("sqlite:".count)), logger: Logger(label: "test"))
        case .postgres: try PostgresDatabase(conninfo: test.url, logger: Logger(label: "test"))
        }
    }

    /// The Postgres database's name, for granting other roles access to it; nil for SQLite.
    public var postgresDatabaseName: String? {
        guard database.kind == .postgres, let range = url.reveal().range(of: "dbname=") else { return nil }
        return String(url.reveal()[range.upperBound...].prefix { !$0.isWhitespace }.filter { $0 != "'" })
    }

    public func close() {
        database.close()
        directory?.remove()
    }
}

// Scoped helpers, as HummingbirdTesting's `app.test { client in }`: the database lives for the closure and is
// closed, its files removed, however the closure ends, so no test writes `defer { x.close() }` itself.

/// Runs `body` with a brand-new, empty database of `kind` (``TestDatabase/fresh(_:)``).
public func withTestDatabase<Result>(_ kind: DatabaseKind, _ body: (TestDatabase) throws -> Result) throws -> Result {
    try TestDatabase.fresh(kind).closing(body)
}

/// Runs the asynchronous `body` with a brand-new, empty database of `kind`.
public func withTestDatabase<Result>(
    _ kind: DatabaseKind, _ body: (TestDatabase) async throws -> Result
) async throws -> Result {
    try await TestDatabase.fresh(kind).closing(body)
}

/// Runs `body` with a fresh database of `kind` that has the repository's migrations applied (``TestDatabase/migrated(_:)``).
public func withMigratedDatabase<Result>(_ kind: DatabaseKind, _ body: (TestDatabase) throws -> Result) throws -> Result {
    try TestDatabase.migrated(kind).closing(body)
}

/// Runs the asynchronous `body` with a fresh database of `kind` that has the repository's migrations applied.
public func withMigratedDatabase<Result>(
    _ kind: DatabaseKind, _ body: (TestDatabase) async throws -> Result
) async throws -> Result {
    try await TestDatabase.migrated(kind).closing(body)
}

/// Runs `body` with a connection the test opened (a second session, another role's), closing it afterwards.
public func withConnection<Connection: Database, Result>(
    _ connection: Connection, _ body: (Connection) throws -> Result
) rethrows -> Result {
    defer { connection.close() }
    return try body(connection)
}

extension TestDatabase {
    fileprivate func closing<Result>(_ body: (TestDatabase) throws -> Result) rethrows -> Result {
        defer { close() }
        return try body(self)
    }

    fileprivate func closing<Result>(_ body: (TestDatabase) async throws -> Result) async rethrows -> Result {
        defer { close() }
        return try await body(self)
    }
}
