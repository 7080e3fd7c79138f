import ArgumentParser
import DataGateway
import Foundation
import Logging
import PenguinModel

/// What every command starts from: resolved settings, a bootstrapped logger, and one-line error reporting.
struct CommandContext {
    let settings: Settings
    let logger: Logger

    /// Resolves settings and sets up logging on stderr, as JSON unless stderr is a terminal.
    static func make() async throws -> CommandContext {
        let settings = try await reportingErrors { () async throws -> Settings in try await Settings.load() }
        let format = settings.logFormat ?? (isatty(STDERR_FILENO) == 1 ? .text : .json)
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, level: settings.logLevel, format: format, stream: .standardError)
        }
        return CommandContext(settings: settings, logger: Logger(label: "penguins"))
    }

    /// Resolves settings, opens the configured database and runs `body`; a failure prints one `error:` line.
    static func withDatabase(_ body: (CommandContext, any Database) async throws -> Void) async throws {
        let context = try await make()
        let database = try await context.openDatabase()
        try await reportingErrors { try await body(context, database) }
    }

    /// The model card for `version`, else PENGUINS_MODEL_VERSION, else the newest on the configured board.
    func card(_ version: String?, on database: any Database) throws -> ModelCard {
        try settings.modelBoard.board(on: database).load(version: version ?? settings.modelVersion)
    }

    /// Opens the configured database, retrying for up to PENGUINS_CONNECT_TIMEOUT.
    func openDatabase() async throws -> any Database {
        try await reportingErrors { () async throws -> any Database in
            try await DatabaseConnector.open(settings, logger: logger)
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
