import DataGateway

/// Writes a model's predictions for every scorable penguin back into the database.
///
/// A run replaces the version's earlier scores in one transaction, so scoring is idempotent per
/// (penguin, version) and a failure (a read-only role, say) leaves the table as it was.
public struct ModelScoring {
    public let card: ModelCard
    /// The table the scores go to, with columns penguin_id, model_version, prediction (and scored_at defaulted).
    public let table: SQLIdentifier

    public init(card: ModelCard, into table: SQLIdentifier) {
        self.card = card
        self.table = table
    }

    /// The statement that creates `table` with the columns scores go to, for the hint when it does not exist.
    public var createTableStatement: String {
        "CREATE TABLE \(table) (penguin_id integer NOT NULL REFERENCES penguins (id), model_version text NOT NULL, "
            + "prediction double precision NOT NULL, scored_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, "
            + "PRIMARY KEY (penguin_id, model_version))"
    }

    /// Reads the inputs, predicts here, and writes through the bulk path. Returns the rows written.
    @discardableResult
    public func score(on database: any Database) throws -> Int {
        let predictor = try Predictor(card: card)
        let columns = try (["id"] + card.terms.map(\.name)).map { try SQLIdentifier($0).quoted }
        let inputs = try database.readFrame("SELECT \(columns.joined(separator: ", ")) FROM penguins ORDER BY id")
        let ids = try inputs.column("id", as: .int64)
        let predictions = try predictor.predict(inputs)
        let rows: [[SQLValue]] = predictions.indices.compactMap { row in
            guard let prediction = predictions[row], let id = ids.int64(row) else { return nil }
            return [.integer(id), .text(card.version), .double(prediction)]
        }
        return try database.transaction {
            try deletePrevious(on: database)
            return try database.copyIn(into: table, columns: try outputColumns(), rows: rows)
        }
    }

    /// Compiles the model into one `INSERT … SELECT`: the data never leaves the database. Returns the rows written.
    @discardableResult
    public func scoreInDatabase(on database: any Database) throws -> Int {
        var bindings = SQLBindings()
        let version = bindings.placeholder(for: .text(card.version))
        let expression = try SQLCompiler.scoringExpression(try Predictor(card: card), bindings: &bindings)
        let insert = """
            INSERT INTO \(table.quoted) (\(try outputColumns().map(\.quoted).joined(separator: ", ")))
            SELECT id, \(version), \(expression) FROM penguins WHERE (\(expression)) IS NOT NULL
            """
        return try database.transaction {
            try deletePrevious(on: database)
            return try database.execute(insert, bindings.values)
        }
    }

    private func deletePrevious(on database: any Database) throws {
        try database.execute("DELETE FROM \(table.quoted) WHERE model_version = $1", [.text(card.version)])
    }

    private func outputColumns() throws -> [SQLIdentifier] {
        try ["penguin_id", "model_version", "prediction"].map { try SQLIdentifier($0) }
    }
}
