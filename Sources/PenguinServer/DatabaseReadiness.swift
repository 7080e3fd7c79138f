import DataGateway
import Dispatch
import Logging

/// Readiness from the database the server was started against: a cheap query on a kept connection,
/// reconnecting after a failure, so `/readyz` recovers by itself when the database comes back.
///
/// The model is served from memory either way; this only decides what `/readyz` and the reachability
/// gauge say. Connecting and querying block (libpq and SQLite are synchronous), so they run on a queue of
/// their own, never on Swift's cooperative pool, where a connect to an unreachable host would hold one of
/// the few threads that answer every request; `serve` bounds each connect with libpq's `connect_timeout`.
/// `/readyz` says only "database unreachable": the error, which names the host and port, goes to the log,
/// with the target's redacted form, never its credentials.
public final class DatabaseReadiness: ReadinessProbe, @unchecked Sendable {
    private let url: DatabaseURL
    private let logger: Logger
    /// Every access to `connection` happens on this queue, which is what makes the class Sendable.
    private let queue = DispatchQueue(label: "penguins.readiness")
    private var connection: (any Database)?

    public init(url: DatabaseURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    public func check() async -> ReadinessState {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.checkBlocking()) }
        }
    }

    private func checkBlocking() -> ReadinessState {
        do {
            let database = try connected()
            try database.execute("SELECT 1")
            return .ready
        } catch {
            connection?.close()
            connection = nil
            logger.warning("database not reachable", metadata: ["target": "\(url)", "error": "\(error)"])
            return .notReady(reason: "database unreachable; the server log has the details")
        }
    }

    private func connected() throws(DatabaseError) -> any Database {
        if let connection { return connection }
        logger.info("connecting to the database for readiness", metadata: ["target": "\(url)"])
        let opened = try DatabaseConnector.openOnce(url, logger: logger)
        connection = opened
        return opened
    }
}
