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
    public func score(on database: any Database) throws(ModelOperationError) -> Int {
        let predictor: Predictor
        do { predictor = try Predictor(card: card) } catch { throw .card(error) }
        let inputs: Frame
        do {
            let columns = try (["id"] + card.terms.map(\.name)).map { name throws(DatabaseError) in try SQLIdentifier(name).quoted }
            inputs = try database.readFrame("SELECT \(columns.joined(separator: ", ")) FROM penguins ORDER BY id")
        } catch {
            throw .database(error)
        }
        let ids: Column
        do { ids = try inputs.column("id", as: .int64) } catch { throw .model(.frame(error)) }
        let predictions: [Double?]
        do { predictions = try predictor.predict(inputs) } catch { throw .record(error) }
        let rows: [[SQLValue]] = predictions.indices.compactMap { row in
            guard let prediction = predictions[row], let id = ids.int64(row) else { return nil }
            return [.integer(id), .text(card.version), .double(prediction)]
        }
        return try replaceScores(on: database) { () throws(DatabaseError) in
            try database.copyIn(into: table, columns: try outputColumns(), rows: rows)
        }
    }

    /// Compiles the model into one `INSERT … SELECT`: the data never leaves the database. Returns the rows written.
    @discardableResult
    public func scoreInDatabase(on database: any Database) throws(ModelOperationError) -> Int {
        var bindings = SQLBindings()
        let version = bindings.placeholder(for: .text(card.version))
        let predictor: Predictor
        do { predictor = try Predictor(card: card) } catch { throw .card(error) }
        let expression: String
        do { expression = try SQLCompiler.scoringExpression(predictor, bindings: &bindings) } catch { throw .compile(error) }
        let parameters = bindings.values
        return try replaceScores(on: database) { () throws(DatabaseError) in
            let insert = """
                INSERT INTO \(table.quoted) (\(try outputColumns().map(\.quoted).joined(separator: ", ")))
                SELECT id, \(version), \(expression) FROM penguins WHERE (\(expression)) IS NOT NULL
                """
            return try database.execute(insert, parameters)
        }
    }

    /// Deletes the version's earlier scores and runs `insert`, in one transaction. The delete touches the
    /// scores table alone, so an object it cannot find is that table or its columns, whatever the engine's wording.
    private func replaceScores(
        on database: any Database, _ insert: () throws(DatabaseError) -> Int
    ) throws(ModelOperationError) -> Int {
        let delete = "DELETE FROM \(table.quoted) WHERE model_version = $1"
        do {
            return try database.transaction { () throws(DatabaseError) in
                try database.execute(delete, [.text(card.version)])
                return try insert()
            }
        } catch where error.kind == .undefinedObject && error.sql == delete {
            throw .missingScoresTable(table, error)
        } catch {
            throw .database(error)
        }
    }

    private func outputColumns() throws(DatabaseError) -> [SQLIdentifier] {
        try ["penguin_id", "model_version", "prediction"].map { name throws(DatabaseError) in try SQLIdentifier(name) }
    }
}
