import ArgumentParser
import DataGateway
import Foundation
import PenguinModel

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the model on the live database, store it as a new version on the board, and print its summary.",
        discussion: """
            The default model is the labs' body_mass_g ~ bill_length_mm + species + sex on complete rows. \
            With --in-database the database computes XᵀX and Xᵀy and only a small matrix crosses the wire.
            """)

    @Option(name: .long, help: "The model formula, response ~ term + term.")
    var formula = Formula.penguins.description

    @Option(name: .long, help: "The SQL query whose rows train the model (default: the penguins table).")
    var query: String?

    @Flag(name: .long, help: "Compute the fit's sums in the database instead of reading the rows.")
    var inDatabase = false

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let formula = try Formula(parsing: formula)
            let model: LinearModel
            if inDatabase {
                let source: SQLSource = try query.map { .subquery($0) } ?? .table(SQLIdentifier("penguins"))
                model = try InDatabaseTraining.fit(formula, from: source, on: database)
            } else {
                let sql = query ?? "SELECT * FROM penguins ORDER BY id"
                model = try LinearModel.fit(formula, to: try database.readFrame(sql, progress: LoadProgress()))
            }
            if model.summary.droppedRows > 0 {
                context.logger.info("rows with missing values dropped", metadata: ["dropped": "\(model.summary.droppedRows)"])
            }
            let card = try model.card(gatewayVersion: GatewayVersion.current)
            try context.settings.modelBoard.board(on: database).store(card)
            print(model.summary.render())
            print("\nstored model version \(card.version) on the \(context.settings.modelBoard) board")
        }
    }
}

struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict body mass for one penguin with a stored model version.")

    @Option(name: .long, help: "Bill length in millimetres.")
    var billLength: Double

    @Option(name: .long, help: "Species: Adelie, Chinstrap or Gentoo.")
    var species: String

    @Option(name: .long, help: "Sex: female or male.")
    var sex: String

    @Option(name: .long, help: "Model version (default: PENGUINS_MODEL_VERSION, else the latest).")
    var version: String?

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(version, on: database)
            let record: [String: RecordValue] = [
                "bill_length_mm": .number(billLength), "species": .string(species), "sex": .string(sex),
            ]
            let prediction = try Predictor(card: card).predict(record)
            print("\(String(format: "%.2f", prediction)) g  (model \(card.version))")
        }
    }
}

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every penguin with a stored model and write the predictions back, in one transaction.",
        discussion: "Re-running replaces that version's scores, so scoring is idempotent per penguin and version.")

    @Option(name: .long, help: "Model version (default: PENGUINS_MODEL_VERSION, else the latest).")
    var version: String?

    @Option(name: .long, help: "The table the scores go to.")
    var into = "penguin_predictions"

    @Flag(name: .long, help: "Compile the model to SQL and score inside the database; no row leaves it.")
    var inDatabase = false

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(version, on: database)
            let scoring = ModelScoring(card: card, into: try SQLIdentifier(into))
            let written = inDatabase ? try scoring.scoreInDatabase(on: database) : try scoring.score(on: database)
            print("scored \(written) penguins with model \(card.version) into \(into)")
        }
    }
}

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a stored model on the current data and append RMSE, MAE and R² to model_metrics.")

    @Option(name: .long, help: "Model version (default: PENGUINS_MODEL_VERSION, else the latest).")
    var version: String?

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(version, on: database)
            let evaluation = try ModelEvaluation.evaluate(card, on: database)
            try evaluation.record(on: database)
            print(
                TextTable(
                    header: ["VERSION", "N", "RMSE", "MAE", "R²"],
                    rows: [[
                        card.version, String(evaluation.n), String(format: "%.3f", evaluation.rmse),
                        String(format: "%.3f", evaluation.mae), String(format: "%.4f", evaluation.rSquared),
                    ]]
                ).rendered)
        }
    }
}

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List or show the model versions on the board.",
        subcommands: [List.self, Show.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every version, newest first.")

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let cards = try context.settings.modelBoard.board(on: database).list()
                let rows = cards.map { card in
                    [card.version, card.formula.description, String(card.trainingRows), String(format: "%.4f", card.metrics.rSquared)]
                }
                print(TextTable(header: ["VERSION", "FORMULA", "N", "R²"], rows: rows).rendered)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a version's model card as JSON (the latest by default).")

        @Argument(help: "The version to show.")
        var version: String?

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let card = try context.settings.modelBoard.board(on: database).load(version: version)
                print(String(decoding: try card.jsonData(prettyPrinted: true), as: UTF8.self))
            }
        }
    }
}
