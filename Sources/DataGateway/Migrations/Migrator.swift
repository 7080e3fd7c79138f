import Foundation
import Logging

/// Applies versioned migrations to a database, each exactly once, each all-or-nothing.
///
/// Each migration and its `schema_migrations` row commit in one transaction, so a failure leaves no table,
/// no rows and no history behind. Concurrent runs are serialised: Postgres by a session advisory lock held
/// for the whole run, SQLite by `BEGIN IMMEDIATE` with a busy timeout and a re-check inside the transaction.
/// Before applying anything, every applied file's checksum is compared with the file on disk.
///
/// ## Topics
/// - ``status(of:)``
/// - ``verify(_:)``
/// - ``migrate(_:to:dryRun:logger:)``
public struct Migrator: Sendable {
    /// A migration's state in one database.
    public struct Status: Sendable {
        public enum State: Sendable, Equatable {
            case applied(at: String, milliseconds: Double)
            case pending
            case changedSinceApplied
            case appliedButMissing
        }

        public let version: Int
        public let description: String
        public let state: State
    }

    public let migrations: [Migration]
    /// `penguins_migrate` in ASCII: one fixed key so every gateway process contends for the same lock.
    static let advisoryLockKey: Int64 = 0x7065_6E67_7569_6E73

    /// How long `migrate` waits on Postgres for another run's lock before it fails naming the holder.
    public let lockTimeout: Duration

    public init(migrations: [Migration], lockTimeout: Duration = .seconds(30)) {
        self.migrations = migrations
        self.lockTimeout = lockTimeout
    }

    /// Every migration known here or recorded in the database, in version order.
    public func status(of database: any Database) throws(MigrationError) -> [Status] {
        let applied = try appliedEntries(database)
        let appliedOfVersion = Dictionary(uniqueKeysWithValues: applied.map { ($0.version, $0) })
        var statuses = migrations.map { migration in
            guard let entry = appliedOfVersion[migration.version] else {
                return Status(version: migration.version, description: migration.description, state: .pending)
            }
            let state: Status.State =
                entry.checksum == migration.checksum
                ? .applied(at: entry.appliedAt, milliseconds: entry.executionMilliseconds) : .changedSinceApplied
            return Status(version: migration.version, description: migration.description, state: state)
        }
        let known = Set(migrations.map(\.version))
        statuses += applied.filter { !known.contains($0.version) }.map {
            Status(version: $0.version, description: $0.description, state: .appliedButMissing)
        }
        return statuses.sorted { $0.version < $1.version }
    }

    /// Fails if an applied migration's file changed or disappeared; changes nothing.
    public func verify(_ database: any Database) throws(MigrationError) {
        try verify(entries: try appliedEntries(database))
    }

    /// The migrations `migrate` would apply, in order.
    public func pending(in database: any Database, to target: Int? = nil) throws(MigrationError) -> [Migration] {
        let applied = Set(try appliedEntries(database).map(\.version))
        return try candidates(to: target).filter { !applied.contains($0.version) }
    }

    /// Applies every pending migration up to `target` (all when nil) and returns those it applied.
    ///
    /// With `dryRun`, it only verifies and returns what it would apply.
    @discardableResult
    public func migrate(
        _ database: any Database, to target: Int? = nil, dryRun: Bool = false, logger: Logger
    ) throws(MigrationError) -> [Migration] {
        let wanted = try candidates(to: target)
        if dryRun {
            try verify(database)
            return try pending(in: database, to: target)
        }
        try lock(database)
        defer { unlock(database) }
        let history = MigrationHistory(database: database)
        do {
            if try !history.exists() { try history.create() }
        } catch {
            throw .history(error)
        }
        try verify(database)
        let appliedBy = try appliedBy(database)
        var applied: [Migration] = []
        for migration in wanted where try apply(migration, history: history, appliedBy: appliedBy, logger: logger) {
            applied.append(migration)
        }
        return applied
    }

    private func candidates(to target: Int?) throws(MigrationError) -> [Migration] {
        guard let target else { return migrations }
        guard migrations.contains(where: { $0.version == target }) else { throw .unknownTargetVersion(target) }
        return migrations.filter { $0.version <= target }
    }

    /// Applies one migration in its own transaction unless another process already did; true if applied here.
    /// A CSV migration runs as a bulk load (``Database/loadingInBulk(_:)``).
    private func apply(
        _ migration: Migration, history: MigrationHistory, appliedBy: String, logger: Logger
    ) throws(MigrationError) -> Bool {
        guard case .csv = migration.action else {
            return try applyInTransaction(migration, history: history, appliedBy: appliedBy, logger: logger)
        }
        return try history.database.loadingInBulk { () throws(MigrationError) -> Bool in
            try applyInTransaction(migration, history: history, appliedBy: appliedBy, logger: logger)
        }
    }

    private func applyInTransaction(
        _ migration: Migration, history: MigrationHistory, appliedBy: String, logger: Logger
    ) throws(MigrationError) -> Bool {
        let database = history.database
        let started = ContinuousClock.now
        do {
            try database.begin(.immediate)
        } catch {
            throw .failed(file: migration.fileName, error)
        }
        do {
            if try history.isApplied(migration.version) {
                try database.rollback()
                return false
            }
            try run(migration, on: database)
            let milliseconds = started.duration(to: .now).milliseconds
            try history.record(migration, milliseconds: milliseconds, appliedBy: appliedBy)
            try database.commit()
            logger.info(
                "migration applied",
                metadata: [
                    "version": "\(migration.version)", "file": "\(migration.fileName)",
                    "execution_ms": "\((milliseconds * 10).rounded() / 10)",
                ])
            return true
        } catch {
            try? database.rollback()
            switch error {
            case let error as MigrationError: throw error
            case let error as DatabaseError: throw .failed(file: migration.fileName, error)
            default: throw .failed(file: migration.fileName, DatabaseError(.query, "\(error)"))
            }
        }
    }

    private func run(_ migration: Migration, on database: any Database) throws {
        switch migration.action {
        case .sql(let sql):
            try database.executeScript(sql)
        case .csv(let table, let data):
            try CSVLoader(file: migration.fileName, table: table, data: data).load(into: database)
        }
    }

    private func appliedEntries(_ database: any Database) throws(MigrationError) -> [MigrationHistory.Entry] {
        do {
            return try MigrationHistory(database: database).entries()
        } catch {
            throw .history(error)
        }
    }

    private func verify(entries: [MigrationHistory.Entry]) throws(MigrationError) {
        let migrationOfVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for entry in entries {
            guard let migration = migrationOfVersion[entry.version] else {
                throw .appliedButMissing(version: entry.version, description: entry.description)
            }
            guard migration.checksum == entry.checksum else {
                throw .checksumMismatch(file: migration.fileName, applied: entry.checksum, current: migration.checksum)
            }
        }
    }

    /// Who applied a migration: the database role on Postgres, the operating-system user on SQLite.
    private func appliedBy(_ database: any Database) throws(MigrationError) -> String {
        guard database.kind == .postgres else { return ProcessInfo.processInfo.userName }
        do {
            return try database.query("SELECT current_user AS who").column("who").string(0) ?? "unknown"
        } catch let error as DatabaseError {
            throw .history(error)
        } catch {
            return "unknown"
        }
    }

    /// Takes the run's advisory lock, waiting at most ``lockTimeout`` (Postgres's `lock_timeout` applies to
    /// advisory locks too); when it expires, the error names the session holding the lock, from `pg_locks`
    /// and `pg_stat_activity` (whose pid and application_name every role may read).
    private func lock(_ database: any Database) throws(MigrationError) {
        guard database.kind == .postgres else { return }
        let milliseconds = max(1, Int(lockTimeout.milliseconds))
        do {
            try database.execute("SELECT set_config('lock_timeout', $1, false)", [.text("\(milliseconds)ms")])
            defer { _ = try? database.execute("RESET lock_timeout") }
            try database.execute("SELECT pg_advisory_lock($1)", [.integer(Self.advisoryLockKey)])
        } catch where error.sqlState == .lockNotAvailable {
            throw .lockTimeout(waited: lockTimeout, holder: lockHolder(database))
        } catch {
            throw .history(error)
        }
    }

    /// `pid 1234 (application_name "penguins")` of the session holding the lock, or nil if it is gone.
    private func lockHolder(_ database: any Database) -> String? {
        // A bigint advisory key appears in pg_locks as its high and low 32 bits, with objsubid 1; advisory
        // locks are per database, so only this database's holder counts.
        let holder = try? database.query(
            """
            SELECT a.pid, coalesce(a.application_name, '') AS application_name
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND l.classid::bigint = $1 AND l.objid::bigint = $2
            """,
            [.integer(Self.advisoryLockKey >> 32), .integer(Self.advisoryLockKey & 0xFFFF_FFFF)])
        guard let holder, holder.rowCount > 0, let pid = try? holder.column("pid").numeric(0) else { return nil }
        let name = (try? holder.column("application_name").string(0)) ?? ""
        return "pid \(Int(pid)) (application_name \(String(name.prefix(64)).debugDescription))"
    }

    private func unlock(_ database: any Database) {
        guard database.kind == .postgres else { return }
        _ = try? database.execute("SELECT pg_advisory_unlock($1)", [.integer(Self.advisoryLockKey)])
    }
}
