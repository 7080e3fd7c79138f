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

    /// The served card, the training rows for the app's chart, and what `PENGUINS_MODEL_VERSION` refers to:
    /// a version, `latest` or an alias; unset, the `production` alias when it exists, else `latest`.
    ///
    /// On the embedded default database it migrates and, when the board is empty, trains and promotes that
    /// first model to `production`; anywhere else it only checks that every applied migration matches its
    /// file and none is pending. Then it loads what the reference names.
    public static func prepare(
        database: any Database, settings: Settings, migrations: [Migration], gatewayVersion: String, logger: Logger
    ) throws -> (card: ModelCard, points: TrainingRows, reference: ModelReference) {
        let migrator = Migrator(migrations: migrations)
        let board = settings.modelBoard.board(on: database)
        if settings.usesEmbeddedDefaultDatabase {
            try migrator.migrate(database, logger: logger)
            if try board.list().isEmpty {
                let model = try LinearModel.fit(.penguins, to: try database.readFrame(Penguins.allRowsQuery))
                let card = try model.card(gatewayVersion: gatewayVersion)
                try board.store(card)
                try board.promote(
                    AliasMoveRequest(
                        alias: AliasName.production, version: card.version, expectedHolder: nil,
                        reason: "the first model, trained by serve on an empty board"))
                logger.info("trained a first model for the empty board and promoted it to production", metadata: ["version": "\(card.version)"])
            }
        } else {
            // An applied file that changed means this binary's schema is not the database's: refuse, as migrate does.
            try migrator.verify(database)
            let pending = try migrator.pending(in: database)
            guard pending.isEmpty else { throw Refusal.pendingMigrations(pending.map(\.fileName)) }
        }
        let reference = try settings.modelVersion.map { text throws(BoardError) in try ModelReference(parsing: text) } ?? board.defaultReference()
        let card = try board.resolve(reference)
        let frame = try database.readFrame(Penguins.allRowsQuery)
        return (card, TrainingRows(frame: frame, formula: card.formula), reference)
    }
}
