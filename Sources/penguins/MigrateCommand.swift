import ArgumentParser
import DataGateway
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply, list or verify the versioned migrations: those built into penguins, or your own folder.",
        discussion: """
            Each migration runs in one transaction with its schema_migrations row: a failure leaves nothing \
            behind. Concurrent runs apply each migration once. A migration file edited after it was applied \
            stops the run; add a new migration instead.
            """,
        subcommands: [Up.self, Status.self, Verify.self],
        defaultSubcommand: Up.self)

    struct Options: ParsableArguments {
        @Option(
            name: .long,
            help: "A folder of your own migration files (default: PENGUINS_MIGRATIONS_DIR, else the migrations built into penguins).")
        var migrations: String?

        /// Reads the migrations, then opens the database and runs `body`; only `creatingSQLiteFile` may create
        /// a missing SQLite file, and a failure prints one `error:` line.
        ///
        /// With `missingSQLiteIsEmpty`, a SQLite file that does not exist yet is an empty in-memory database:
        /// a dry run then lists every migration that `migrate` would apply, and creates no file.
        func withMigrator(
            creatingSQLiteFile: Bool = false, missingSQLiteIsEmpty: Bool = false,
            _ body: (CommandContext, Migrator, any Database) throws -> Void
        ) async throws {
            let context = try await CommandContext.make()
            let migrator = Migrator(
                migrations: try await context.migrations(folder: migrations), lockTimeout: context.settings.connectTimeout)
            let database: any Database
            if missingSQLiteIsEmpty, case .sqlite(let path) = context.settings.databaseURL,
                !FileManager.default.fileExists(atPath: path)
            {
                database = try await reportingErrors { try SQLiteDatabase(path: ":memory:", logger: context.logger) }
            } else {
                database = try await context.openDatabase(creatingSQLiteFile: creatingSQLiteFile)
            }
            try await reportingErrors { try body(context, migrator, database) }
        }
    }

    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "up", abstract: "Apply pending migrations (the default).")
        @OptionGroup var options: Options
        @Option(name: .long, help: "Apply migrations up to and including this version only.")
        var to: Int?
        @Flag(name: .long, help: "Verify and list what would be applied, without changing anything.")
        var dryRun = false

        func run() async throws {
            try await options.withMigrator(creatingSQLiteFile: !dryRun, missingSQLiteIsEmpty: dryRun) { context, migrator, database in
                let applied = try migrator.migrate(database, to: to, dryRun: dryRun, logger: context.logger)
                let verb = dryRun ? "would apply" : "applied"
                for migration in applied { print("\(verb) \(migration.fileName)") }
                print(applied.isEmpty ? "\(database.kind): up to date" : "\(database.kind): \(verb) \(counted(applied.count, "migration"))")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applied and pending migrations.")
        @OptionGroup var options: Options

        func run() async throws {
            try await options.withMigrator { _, migrator, database in
                let rows = try migrator.status(of: database).map { status -> [String] in
                    let state: String =
                        switch status.state {
                        case .applied(let at, let milliseconds): "applied \(at) (\(Int(milliseconds.rounded())) ms)"
                        case .pending: "pending"
                        case .changedSinceApplied: "CHANGED since applied"
                        case .appliedButMissing: "applied, file MISSING"
                        }
                    return [String(status.version), status.description, state]
                }
                print(TextTable(header: ["VERSION", "DESCRIPTION", "STATE"], rows: rows).rendered)
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that applied migrations match their files, changing nothing.")
        @OptionGroup var options: Options

        func run() async throws {
            try await options.withMigrator { _, migrator, database in
                try migrator.verify(database)
                print("\(database.kind): applied migrations match their files")
            }
        }
    }
}
