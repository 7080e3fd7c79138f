import Logging

/// Opens the database that settings name, retrying transient failures with exponential backoff and jitter.
///
/// Only connection failures are retried (the server is starting, the network blinked). A wrong password, a TLS
/// failure or a bad option fails at once: retrying cannot fix them. Each attempt is logged with the target's
/// redacted form, never its credentials.
public enum DatabaseConnector {
    /// Opens `url`, retrying for up to `timeout`. A missing SQLite file is created only with `creatingSQLiteFile`,
    /// so that a command that fails leaves no empty database behind.
    public static func open(
        _ url: DatabaseURL, timeout: Duration, creatingSQLiteFile: Bool = false, logger: Logger
    ) async throws(DatabaseError) -> any Database {
        switch url {
        case .sqlite(let path):
            return try SQLiteDatabase(path: path, create: creatingSQLiteFile, logger: logger)
        case .postgres(_, let redacted):
            return try await retrying(timeout: timeout, target: redacted, logger: logger) { () throws(DatabaseError) in
                try openOnce(url, logger: logger)
            }
        }
    }

    /// Opens `url` with one attempt, blocking the calling thread for as long as connecting takes (libpq's
    /// `connect_timeout` bounds it): for callers that run on a thread of their own, off the cooperative pool.
    public static func openOnce(_ url: DatabaseURL, logger: Logger) throws(DatabaseError) -> any Database {
        switch url {
        case .sqlite(let path): try SQLiteDatabase(path: path, create: false, logger: logger)
        case .postgres(let conninfo, _): try PostgresDatabase(conninfo: conninfo, logger: logger)
        }
    }

    /// Opens the database `settings` name, within `settings.connectTimeout`.
    public static func open(_ settings: Settings, creatingSQLiteFile: Bool = false, logger: Logger) async throws(DatabaseError) -> any Database {
        try await open(settings.databaseURL, timeout: settings.connectTimeout, creatingSQLiteFile: creatingSQLiteFile, logger: logger)
    }

    static func retrying<Connection>(
        timeout: Duration, target: String, logger: Logger, connect: () throws(DatabaseError) -> Connection
    ) async throws(DatabaseError) -> Connection {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var delay = Duration.milliseconds(100)
        var attempt = 1
        while true {
            do {
                let connection = try connect()
                if attempt > 1 { logger.info("database connected", metadata: ["attempt": "\(attempt)", "target": "\(target)"]) }
                return connection
            } catch where error.kind == .connection && clock.now.advanced(by: delay) < deadline {
                let jittered = delay * Double.random(in: 0.5...1.0)
                logger.warning(
                    "database connection attempt failed; retrying",
                    metadata: [
                        "attempt": "\(attempt)", "retry_in_ms": "\(Int(jittered.milliseconds))",
                        "target": "\(target)", "error": "\(error)",
                    ])
                try? await Task.sleep(for: jittered)
                delay = min(delay * 2, .seconds(5))
                attempt += 1
            }
        }
    }
}
