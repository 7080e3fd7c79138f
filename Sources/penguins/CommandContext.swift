import ArgumentParser
import DataGateway
import Foundation
import Logging
import PenguinModel
import ShippedMigrations

/// What every command starts from: resolved settings, a bootstrapped logger, and one-line error reporting.
struct CommandContext {
    let settings: Settings
    let logger: Logger

    /// Resolves settings and sets up logging on `logStream` (stderr for commands whose stdout is their
    /// output, stdout for the server), as JSON unless that stream is a terminal.
    static func make(logStream: LineLogHandler.Stream = .standardError) async throws -> CommandContext {
        let settings = try await reportingErrors { () async throws -> Settings in try await Settings.load() }
        let descriptor = logStream == .standardOutput ? STDOUT_FILENO : STDERR_FILENO
        let format = settings.logFormat ?? (isatty(descriptor) == 1 ? .text : .json)
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, level: settings.logLevel, format: format, stream: logStream)
        }
        return CommandContext(settings: settings, logger: Logger(label: "penguins"))
    }

    /// Resolves settings, opens the configured database and runs `body`; a failure prints one `error:` line.
    ///
    /// A missing SQLite file is an error, not a new empty file: only `migrate` and `serve` create one.
    static func withDatabase(_ body: (CommandContext, any Database) async throws -> Void) async throws {
        let context = try await make()
        let database = try await context.openDatabase()
        try await reportingErrors { try await body(context, database) }
    }

    /// The configured board.
    func board(on database: any Database) throws -> any ModelBoard {
        settings.modelBoard.board(on: database)
    }

    /// The verified card `reference` names (a version, `latest` or an alias), else PENGUINS_MODEL_VERSION's,
    /// else the `production` alias holder when that alias exists, else the newest: the rule serve follows.
    func card(_ reference: String?, on database: any Database) throws -> ModelCard {
        let board = try board(on: database)
        guard let text = reference ?? settings.modelVersion else { return try board.resolve(try board.defaultReference()) }
        return try board.resolve(try ModelReference(parsing: text))
    }

    /// Opens the configured database, retrying for up to PENGUINS_CONNECT_TIMEOUT; a missing SQLite file
    /// is created only with `creatingSQLiteFile`.
    func openDatabase(creatingSQLiteFile: Bool = false) async throws -> any Database {
        try await reportingErrors { () async throws -> any Database in
            try await DatabaseConnector.open(settings, creatingSQLiteFile: creatingSQLiteFile, logger: logger)
        }
    }

    /// The migrations to apply: the folder `--migrations` or PENGUINS_MIGRATIONS_DIR names, else the ones
    /// built into the binary. Read before any database is opened, so a bad folder leaves nothing behind.
    func migrations(folder: String?) async throws -> [Migration] {
        try await reportingErrors { () -> [Migration] in
            let kind = settings.databaseURL.kind
            guard let folder = folder ?? settings.migrationsDirectory else { return try ShippedMigrations.load(for: kind) }
            return try Migration.load(from: folder, for: kind)
        }
    }
}

/// Runs `body`; a failure prints one `error:` line to stderr and exits 1, with no stack trace.
///
/// Every error type the gateway throws describes itself without secrets, so printing it is safe.
func reportingErrors<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
