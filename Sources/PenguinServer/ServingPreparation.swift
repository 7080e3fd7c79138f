import DataGateway
import Logging
import PenguinModel

/// What `penguins serve` does before it listens: make the embedded default usable with zero setup,
/// refuse a Postgres database with pending migrations, and pick the model version to serve.
public enum ServingPreparation {
    /// Why the server will not start.
    public enum Refusal: Error, CustomStringConvertible {
        case pendingMigrations([String])

        public var description: String {
            switch self {
            case .pendingMigrations(let files):
                "the database has pending migrations (\(files.joined(separator: ", "))); "
                    + "serve never migrates a shared database: run `penguins migrate` first"
            }
        }
    }

    /// What `PENGUINS_MODEL_VERSION` says to serve the newest version and follow it.
    public static let latest = "latest"

    /// The served card and the training rows for the app's chart.
    ///
    /// On the embedded default database it migrates and, when the board is empty, trains; anywhere else it
    /// only checks that every applied migration matches its file and none is pending, and loads the configured (or newest) version.
    public static func prepare(
        database: any Database, settings: Settings, migrations: [Migration], gatewayVersion: String, logger: Logger
    ) throws -> (card: ModelCard, points: TrainingRows) {
        let migrator = Migrator(migrations: migrations)
        let board = settings.modelBoard.board(on: database)
        if settings.usesEmbeddedDefaultDatabase {
            try migrator.migrate(database, logger: logger)
            if try board.list().isEmpty {
                let model = try LinearModel.fit(.penguins, to: try database.readFrame(Penguins.allRowsQuery))
                let card = try model.card(gatewayVersion: gatewayVersion)
                try board.store(card)
                logger.info("trained a first model for the empty board", metadata: ["version": "\(card.version)"])
            }
        } else {
            // An applied file that changed means this binary's schema is not the database's: refuse, as migrate does.
            try migrator.verify(database)
            let pending = try migrator.pending(in: database)
            guard pending.isEmpty else { throw Refusal.pendingMigrations(pending.map(\.fileName)) }
        }
        let card = try board.load(version: settings.modelVersion == ServingPreparation.latest ? nil : settings.modelVersion)
        let frame = try database.readFrame(Penguins.allRowsQuery)
        return (card, TrainingRows(frame: frame, formula: card.formula))
    }
}
