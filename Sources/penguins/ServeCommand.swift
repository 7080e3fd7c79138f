import ArgumentParser
import DataGateway
import Foundation
import Hummingbird
import PenguinLogging
import PenguinModel
import PenguinServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the prediction API and the interactive app (http://127.0.0.1:8080 by default).",
        discussion: """
            On the embedded SQLite default it migrates and, if the board is empty, trains first, so it works \
            on a fresh clone with no setup. Against any other database it never migrates: pending migrations \
            stop it with a message. The model is served from memory, so /predict keeps answering if the \
            database goes away; /readyz says so. Every answered record is logged to the database's \
            prediction_log off the request path (PENGUINS_PREDICTION_LOG=off turns it off); a stop writes \
            what is held first. SIGTERM drains in-flight requests and exits 0. Logs are \
            JSON lines on stdout (text on a terminal). Listens on PENGUINS_HTTP_HOST:PENGUINS_HTTP_PORT; \
            API keys (16 bytes or more each) come from PENGUINS_API_KEYS_FILE. Core dumps are turned off.
            """)

    @OptionGroup var migrationOptions: MigrateCommand.Options

    func run() async throws {
        #if canImport(Glibc)
        allocateFromOneHeapArena()
        #endif
        // Each libpq connect (at start, and by the readiness probe) gives up after this many seconds unless the
        // connection string or the environment says otherwise, so an unreachable host costs seconds, not minutes.
        setenv("PGCONNECT_TIMEOUT", "5", 0)
        let context = try await CommandContext.make(logOutput: .standardOutput)
        let migrations = try await context.migrations(folder: migrationOptions.migrations)
        let database = try await context.openDatabase(creatingSQLiteFile: context.settings.usesEmbeddedDefaultDatabase)
        try await reportingErrors {
            let settings = context.settings
            let prepared = try ServingPreparation.prepare(
                database: database, settings: settings, migrations: migrations,
                gatewayVersion: GatewayVersion.current, logger: context.logger)
            database.close()
            let keys = try settings.apiKeysFile.map(loadAPIKeys(path:)) ?? []
            let following = BoardModelSource(
                reference: prepared.reference, url: settings.databaseURL, board: settings.modelBoard, logger: context.logger
            ).map { ModelFollowing(source: $0, pollInterval: $0.pollInterval) }
            try disableCoreDumps()
            // A log reader that goes away (a closed pipe) must cost log lines, not the server: with SIGPIPE
            // ignored, the write fails with EPIPE and LogOutput drops the line and counts it.
            signal(SIGPIPE, SIG_IGN)
            try await runServer(
                card: prepared.card, trainingPoints: prepared.points,
                configuration: ServerConfiguration(
                    host: settings.httpHost, port: settings.httpPort, apiKeys: keys, databaseKind: database.kind,
                    allowedHosts: settings.httpAllowedHosts.map { AllowedHosts($0) }, idleTimeout: settings.httpIdleTimeout,
                    maxConnections: settings.httpMaxConnections, droppedLogLines: { LogOutput.standardOutput.droppedLines },
                    predictionLog: settings.predictionLog
                        ? PredictionLogConfiguration(
                            url: settings.databaseURL, retentionDays: settings.predictionLogRetentionDays,
                            queueCapacity: settings.predictionLogQueue)
                        : nil),
                readiness: DatabaseReadiness(url: settings.databaseURL, logger: context.logger), following: following,
                logger: context.logger)
        }
    }
}
