/// The `schema_migrations` table: which migrations are applied, with their checksums and timings.
public struct MigrationHistory {
    /// One applied migration as recorded.
    struct Entry: Sendable {
        let version: Int
        let description: String
        let checksum: String
        let appliedAt: String
        let executionMilliseconds: Double
        let appliedBy: String
    }

    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// The highest applied version, or nil when none is recorded; what the report shows as the schema's version.
    public func latestVersion() throws(DatabaseError) -> Int? {
        let frame = try database.query("SELECT MAX(version) AS version FROM schema_migrations")
        do {
            return try frame.column("version").numeric(0).map { Int($0) }
        } catch {
            throw DatabaseError(.query, "schema_migrations has an unexpected shape: \(error)")
        }
    }

    /// Whether the table exists; checked before creating it so a read-only role never needs CREATE.
    func exists() throws(DatabaseError) -> Bool {
        let sql =
            switch database.kind {
            case .postgres: "SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' AND schemaname = current_schema()"
            case .sqlite: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            }
        return try database.query(sql).rowCount > 0
    }

    func create() throws(DatabaseError) {
        let appliedAt =
            switch database.kind {
            case .postgres: "timestamptz NOT NULL DEFAULT now()"
            case .sqlite: "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            }
        try database.executeScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                description text NOT NULL,
                checksum text NOT NULL,
                applied_at \(appliedAt),
                execution_ms double precision NOT NULL,
                applied_by text NOT NULL
            )
            """)
    }

    /// The applied migrations in version order; empty when the table does not exist yet.
    func entries() throws(DatabaseError) -> [Entry] {
        guard try exists() else { return [] }
        let appliedAt = database.kind == .postgres ? "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')" : "applied_at"
        let frame = try database.query(
            "SELECT version, description, checksum, \(appliedAt) AS applied_at, execution_ms, applied_by FROM schema_migrations ORDER BY version")
        do {
            let version = try frame.column("version"), description = try frame.column("description")
            let checksum = try frame.column("checksum"), at = try frame.column("applied_at")
            let milliseconds = try frame.column("execution_ms"), by = try frame.column("applied_by")
            return (0..<frame.rowCount).map { row in
                Entry(
                    version: Int(version.numeric(row) ?? 0), description: description.string(row) ?? "",
                    checksum: checksum.string(row) ?? "", appliedAt: at.string(row) ?? "",
                    executionMilliseconds: milliseconds.numeric(row) ?? 0, appliedBy: by.string(row) ?? "")
            }
        } catch {
            throw DatabaseError(.query, "schema_migrations has an unexpected shape: \(error)")
        }
    }

    /// Whether `version` is recorded; read inside the migration's transaction so concurrent runs agree.
    func isApplied(_ version: Int) throws(DatabaseError) -> Bool {
        try database.query("SELECT 1 FROM schema_migrations WHERE version = $1", [.integer(Int64(version))]).rowCount > 0
    }

    func record(_ migration: Migration, milliseconds: Double, appliedBy: String) throws(DatabaseError) {
        try database.execute(
            "INSERT INTO schema_migrations (version, description, checksum, execution_ms, applied_by) VALUES ($1, $2, $3, $4, $5)",
            [
                .integer(Int64(migration.version)), .text(migration.description), .text(migration.checksum),
                .double(milliseconds), .text(appliedBy),
            ])
    }
}
