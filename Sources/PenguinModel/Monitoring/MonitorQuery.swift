import DataGateway

/// Runs one of the monitor's queries over the window (bound as `$1`, `$2`) and the optional version (`$3`),
/// telling a database migrated before the prediction log from any other failure.
enum MonitorQuery {
    static func run(_ sql: String, window: MonitorWindow, version: String?, on database: any Database) throws(MonitorError) -> Frame {
        var parameters: [SQLValue] = [.double(window.start.timeIntervalSince1970), .double(window.end.timeIntervalSince1970)]
        if let version { parameters.append(.text(version)) }
        do {
            return try database.query(sql, parameters)
        } catch {
            // Postgres names the class (42P01); SQLite only says so in its message.
            if error.kind == .undefinedObject || error.message.contains("no such table") { throw .notMigrated(error) }
            throw .database(error)
        }
    }
}
