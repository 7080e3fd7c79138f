import DataGateway
import Dispatch
import Logging

/// The prediction log writer's own connection, used on a queue of its own: libpq and SQLite block, and a
/// connect to an unreachable host must not hold one of the cooperative pool's few threads, which answer
/// `/predict`. After any failure the connection is closed and the next use opens a new one, so the writer
/// recovers by itself when the database comes back.
///
/// Its commits do not wait for the disk (see ``withoutCommitSync``): the records are already at the mercy of
/// the process while they wait in the queue, so syncing each 10 ms batch added little durability, for an
/// `fdatasync` per commit on SQLite (216 in five seconds under load, against 17 at the checkpoints without).
final class PredictionLogConnection: @unchecked Sendable {
    private let url: DatabaseURL
    private let logger: Logger
    /// Every access to `connection` happens on this queue, which is what makes the class Sendable.
    private let queue = DispatchQueue(label: "penguins.prediction-log")
    private var connection: (any Database)?

    init(url: DatabaseURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    /// Runs `body` on the connection, opening it first if needed.
    func run<Value: Sendable>(_ body: @escaping @Sendable (any Database) throws(DatabaseError) -> Value) async -> Result<Value, DatabaseError> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.runBlocking(body)) }
        }
    }

    func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                self.connection?.close()
                self.connection = nil
                continuation.resume()
            }
        }
    }

    /// The session setting under which a commit returns once the engine has its records, before they are on
    /// disk. A crash of the process loses nothing committed; a crash of the machine (SQLite) or of the server
    /// (Postgres) can lose the last fraction of a second of commits, never corrupt the database or leave half a
    /// batch: SQLite's `synchronous = NORMAL` in write-ahead-log mode, Postgres's `synchronous_commit = off`.
    static func withoutCommitSync(_ kind: DatabaseKind) -> String {
        switch kind {
        case .sqlite: "PRAGMA synchronous = NORMAL"
        case .postgres: "SET synchronous_commit = off"
        }
    }

    private func runBlocking<Value>(_ body: (any Database) throws(DatabaseError) -> Value) -> Result<Value, DatabaseError> {
        do throws(DatabaseError) {
            let database: any Database
            if let connection {
                database = connection
            } else {
                database = try DatabaseConnector.openOnce(url, logger: logger)
                connection = database
                try database.executeScript(Self.withoutCommitSync(database.kind))
            }
            return .success(try body(database))
        } catch {
            connection?.close()
            connection = nil
            return .failure(error)
        }
    }
}
