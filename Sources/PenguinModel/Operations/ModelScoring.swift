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

    /// Reads the inputs in batches, predicts here, and writes through the bulk path. Returns the rows written.
    ///
    /// The scores of each batch wait in a ``FrameSpill`` on disk, not in memory, until the read is done
    /// (a connection cannot write while it streams a read), then go to the table in one transaction.
    @discardableResult
    public func score(on database: any Database, batchRows: Int = StreamedTraining.defaultBatchRows) throws(ModelOperationError) -> Int {
        let predictor: Predictor
        do { predictor = try Predictor(card: card) } catch { throw .card(error) }
        let sql: String
        do {
            let columns = try (["id"] + card.terms.map(\.name)).map { name throws(DatabaseError) in try SQLIdentifier(name).quoted }
            sql = "SELECT \(columns.joined(separator: ", ")) FROM penguins ORDER BY id"
        } catch {
            throw .database(error)
        }
        let scores = FrameSpill()
        var rowsRead = 0
        try StreamedTraining.reading(sql, on: database, batchRows: batchRows) { inputs throws(ModelOperationError) in
            let ids: Column
            do throws(FrameError) { ids = try inputs.column("id", as: .int64) } catch { throw .model(.frame(error)) }
            let predictions = try predictor.predict(batch: inputs, firstRecord: rowsRead)
            rowsRead += inputs.rowCount
            var scoredIDs = ColumnBuilder(name: "id", type: .int64)
            var scored = ColumnBuilder(name: "prediction", type: .double)
            for row in predictions.indices {
                guard let prediction = predictions[row], let id = ids.int64(row) else { continue }
                scoredIDs.append(id)
                scored.append(prediction)
            }
            do { try scores.append(try Frame(columns: [scoredIDs.build(), scored.build()])) } catch let error as FrameSpillError {
                throw .spill(error)
            } catch {
                preconditionFailure("two distinct columns always make a frame: \(error)")
            }
        }
        do throws(FrameSpillError) { try scores.seal() } catch { throw .spill(error) }
        let rows = SpilledScores(spill: scores, version: card.version, chunkRows: batchRows)
        let written = try replaceScores(on: database) { () throws(DatabaseError) in
            let written = try database.copyIn(into: table, columns: try outputColumns(), rows: rows)
            // A read failure ends the rows early; the transaction must not commit a part of them.
            if let failure = rows.failure.value {
                throw DatabaseError(.query, "the scores could not be read back: \(failure)")
            }
            return written
        }
        return written
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

/// The spilled scores as the rows `copyIn` writes, read back a chunk at a time. A read failure ends the
/// sequence and is kept in ``failure`` for the writer to check.
private struct SpilledScores: Sequence {
    let spill: FrameSpill
    let version: String
    let chunkRows: Int
    let failure = FailureBox()

    final class FailureBox {
        var value: FrameSpillError?
    }

    func makeIterator() -> Iterator { Iterator(scores: self) }

    struct Iterator: IteratorProtocol {
        let scores: SpilledScores
        private var chunk: (ids: Column, predictions: Column)?
        private var start = 0
        private var row = 0

        init(scores: SpilledScores) { self.scores = scores }

        mutating func next() -> [SQLValue]? {
            if chunk == nil || row == chunk!.ids.count {
                guard start < scores.spill.rowCount else { return nil }
                let count = Swift.min(scores.chunkRows, scores.spill.rowCount - start)
                do throws(FrameSpillError) {
                    let frame = try scores.spill.rows(from: start, count: count)
                    chunk = (frame.columns[0], frame.columns[1])
                } catch {
                    scores.failure.value = error
                    return nil
                }
                start += count
                row = 0
            }
            guard let chunk, let id = chunk.ids.int64(row), let prediction = chunk.predictions.numeric(row) else { return nil }
            row += 1
            return [.integer(id), .text(scores.version), .double(prediction)]
        }
    }
}
