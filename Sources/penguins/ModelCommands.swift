import ArgumentParser
import DataGateway
import Foundation
import PenguinJSON
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

    @Option(name: .long, help: "The SQL query whose rows train the model, run read-only (default: the penguins table).")
    var query: String?

    @Flag(name: .long, help: "Compute the fit's sums in the database instead of reading the rows.")
    var inDatabase = false

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let formula = try Formula(parsing: formula)
            let model: LinearModel = try database.readOnly {
                if inDatabase {
                    let source: SQLSource = try query.map { .subquery($0) } ?? .table(SQLIdentifier("penguins"))
                    return try InDatabaseTraining.fit(formula, from: source, on: database)
                }
                return try StreamedTraining.fit(formula, query: query ?? Penguins.allRowsQuery, on: database, progress: LoadProgress())
            }
            if model.summary.droppedRows > 0 {
                context.logger.info("rows with missing values dropped", metadata: ["dropped": "\(model.summary.droppedRows)"])
            }
            let card = try model.card(gatewayVersion: GatewayVersion.current)
            try context.board(on: database).store(card)
            print(model.summary.render())
            print("\nstored model version \(card.version) on the \(context.settings.modelBoard) board")
        }
    }
}

struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Predict body mass for one penguin with a stored model version.",
        discussion: """
            Give the record's fields with --set NAME=VALUE (repeatable), --record JSON, or the labs' three \
            with --bill-length, --species and --sex; they combine, and --set wins over --record. Any stored \
            model's terms work, e.g. --set flipper_length_mm=220. The record is checked as /predict checks it: \
            an unknown field, or a measurement outside its plausible range, is an error, not a prediction.
            """)

    /// Unconditional, so that `--bill-length -5` reaches the range check instead of reading as a missing value.
    @Option(name: .long, parsing: .unconditional, help: "Bill length in millimetres (the same as --set bill_length_mm=VALUE).")
    var billLength: Double?

    @Option(name: .long, help: "Species: Adelie, Chinstrap or Gentoo (the same as --set species=VALUE).")
    var species: String?

    @Option(name: .long, help: "Sex: female or male (the same as --set sex=VALUE).")
    var sex: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("One field of the record; repeat for each.", valueName: "name=value"))
    var fields: [String] = []

    @Option(name: .long, help: ArgumentHelp("The record as a JSON object, as /predict takes it.", valueName: "json"))
    var record: String?

    @Option(name: .customLong("model-version"), help: "Model version, latest or an alias (default: PENGUINS_MODEL_VERSION, else production if it exists, else latest).")
    var modelVersion: String?

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(modelVersion, on: database)
            let prediction = try Predictor(card: card).predictChecked(try input(for: card))
            print("\(String(format: "%.2f", prediction)) g  (model \(card.version))")
        }
    }

    /// The record from every option, typed by the model's terms: a numeric term's value must be a number,
    /// a dummy's true/false or 1/0, and anything else is text.
    private func input(for card: ModelCard) throws -> [String: RecordValue] {
        var values: [String: RecordValue] = [:]
        if let record {
            guard case .object(let fields)? = try? JSONValue.parse(Data(record.utf8)), case let read = fields.compactMapValues(RecordValue.init),
                read.count == fields.count
            else {
                throw ValidationError("--record must be one JSON object of numbers, strings and booleans, e.g. '{\"bill_length_mm\": 45}'")
            }
            values = read
        }
        if let billLength { values["bill_length_mm"] = .number(billLength) }
        if let species { values["species"] = .string(species) }
        if let sex { values["sex"] = .string(sex) }
        for field in fields {
            guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
                throw ValidationError("--set takes name=value, e.g. --set flipper_length_mm=220; got '\(field)'")
            }
            let name = String(field[..<equals]), text = String(field[field.index(after: equals)...])
            if card.terms.contains(.numeric(name)) {
                guard let number = Double(text) else { throw ValidationError("--set \(name) needs a number; got '\(text)'") }
                values[name] = .number(number)
            } else if card.featureNames.contains(name) {
                guard let flag = ["true": true, "1": true, "false": false, "0": false][text] else {
                    throw ValidationError("--set \(name) takes true or false (or 0 or 1); got '\(text)'")
                }
                values[name] = .bool(flag)
            } else {
                values[name] = .string(text)
            }
        }
        return values
    }
}

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every penguin with a stored model and write the predictions back, in one transaction.",
        discussion: "Re-running replaces that version's scores, so scoring is idempotent per penguin and version.")

    @Option(name: .customLong("model-version"), help: "Model version, latest or an alias (default: PENGUINS_MODEL_VERSION, else production if it exists, else latest).")
    var modelVersion: String?

    /// The scores table `penguins migrate` creates.
    static let defaultTable = "penguin_predictions"

    @Option(name: .long, help: "The table the scores go to; it must exist.")
    var into = ScoreCommand.defaultTable

    @Flag(name: .long, help: "Compile the model to SQL and score inside the database; no row leaves it.")
    var inDatabase = false

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(modelVersion, on: database)
            let scoring = ModelScoring(card: card, into: try SQLIdentifier(into))
            let written: Int
            do {
                written = inDatabase ? try scoring.scoreInDatabase(on: database) : try scoring.score(on: database)
            } catch ModelOperationError.missingScoresTable(_, var error) where into != Self.defaultTable {
                error.hint =
                    "create it first with the columns scores go to: \(scoring.createTableStatement); "
                    + "or leave out --into to use \(Self.defaultTable), which `penguins migrate` creates"
                throw error
            }
            print("scored \(counted(written, "penguin")) with model \(card.version) into \(into)")
        }
    }
}

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a stored model on the current data and append RMSE, MAE and R² to model_metrics.")

    @Option(name: .customLong("model-version"), help: "Model version, latest or an alias (default: PENGUINS_MODEL_VERSION, else production if it exists, else latest).")
    var modelVersion: String?

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let card = try context.card(modelVersion, on: database)
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
        commandName: "models", abstract: "List or show the model versions on the board, and move the aliases that name them.",
        subcommands: [List.self, Show.self, Promote.self, Rollback.self, History.self, Export.self, Import.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every version, newest first, with the aliases each holds.")

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let board = try context.board(on: database)
                let cards = try board.list()
                let held = Dictionary(grouping: try board.aliases(), by: \.value).mapValues { $0.map(\.key).sorted().joined(separator: ",") }
                let rows = cards.map { card in
                    [
                        card.version, held[card.version] ?? "", card.formula.description, String(card.trainingRows),
                        String(format: "%.4f", card.metrics.rSquared),
                    ]
                }
                print(TextTable(header: ["VERSION", "ALIASES", "FORMULA", "N", "R²"], rows: rows).rendered)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a version's model card as JSON (the latest by default).")

        @Argument(help: "The version to show.")
        var version: String?

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let card = try context.board(on: database).load(version: version)
                print(String(decoding: try card.jsonData(prettyPrinted: true), as: UTF8.self))
            }
        }
    }
}
