import DataGateway

/// Runs one of the monitor's queries over the window (bound as `$1`, `$2`) and the optional version (`$3`),
/// telling a database migrated before the prediction log from any other failure.
enum MonitorQuery {
    /// The memory each sort or hash of a monitor query may use on Postgres before it spills to disk. The
    /// default 4 MB split the period query's hash of the actuals into four batches written to and read back
    /// from temporary files (80 MB for half a million actuals, 0.15 s of CPU); 64 MB holds about a million
    /// actuals. Set for the query's own transaction only, so no other session is affected.
    static let postgresWorkMemory = "64MB"

    /// Each query runs in its one backend, with no parallel workers. The monitor runs its two queries side
    /// by side on two connections (``MonitorReport/measure(_:version:thresholds:minimumRecords:board:on:alongside:)``),
    /// one core each; the live inputs query's two workers took cores from the period query, the slower of
    /// the pair (a million records on a busy two-core machine, medians of 7: 1.45 s with them off, 1.92 s on, the same CPU).
    static let postgresParallelWorkers = 0

    static func run(_ sql: String, window: MonitorWindow, version: String?, on database: any Database) throws(MonitorError) -> Frame {
        var parameters: [SQLValue] = [.double(window.start.timeIntervalSince1970), .double(window.end.timeIntervalSince1970)]
        if let version { parameters.append(.text(version)) }
        do {
            guard database.kind == .postgres else { return try database.query(sql, parameters) }
            return try database.transaction(.readOnly) { () throws(DatabaseError) in
                _ = try database.execute("SET LOCAL work_mem = '\(postgresWorkMemory)'")
                _ = try database.execute("SET LOCAL max_parallel_workers_per_gather = \(postgresParallelWorkers)")
                return try database.query(sql, parameters)
            }
        } catch {
            // Postgres names the class (42P01, or 42703 for a column a later migration adds); SQLite only says so
            // in its message.
            if error.kind == .undefinedObject || error.message.contains("no such table") || error.message.contains("no such column") {
                throw .notMigrated(error)
            }
            throw .database(error)
        }
    }
}
