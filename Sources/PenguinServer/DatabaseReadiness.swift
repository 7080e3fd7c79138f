import DataGateway
import Logging

/// Readiness from the database the server was started against: a cheap query on a kept connection,
/// reconnecting after a failure, so `/readyz` recovers by itself when the database comes back.
///
/// The model is served from memory either way; this only decides what `/readyz` and the reachability
/// gauge say. Each reconnect attempt is logged with the target's redacted form, never its credentials.
public actor DatabaseReadiness: ReadinessProbe {
    private let url: DatabaseURL
    private let logger: Logger
    private var connection: (any Database)?

    public init(url: DatabaseURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    public func check() async -> ReadinessState {
        do {
            let database = try await connected()
            try database.execute("SELECT 1")
            return .ready
        } catch {
            connection?.close()
            connection = nil
            logger.warning("database not reachable", metadata: ["target": "\(url)", "error": "\(error)"])
            return .notReady(reason: "database unreachable: \(error)")
        }
    }

    private func connected() async throws -> any Database {
        if let connection { return connection }
        logger.info("connecting to the database for readiness", metadata: ["target": "\(url)"])
        let opened = try await DatabaseConnector.open(url, timeout: .zero, logger: logger)
        connection = opened
        return opened
    }
}
