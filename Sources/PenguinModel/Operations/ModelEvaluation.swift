import DataGateway
import Foundation

/// A stored model's accuracy on the data as it is now: vetiver's `pin_metrics`, kept in the database.
public struct ModelEvaluation: Sendable, Equatable {
    public let version: String
    public let rmse: Double
    public let mae: Double
    public let rSquared: Double
    /// Rows evaluated: those with the response and every input present.
    public let n: Int

    /// Scores the current `penguins` rows with `card` and compares with the observed response.
    ///
    /// The rows are read in batches and scored as they come; the sums run in row order, as over one frame,
    /// and the observed values wait in a ``FrameSpill`` for the total sum of squares, which needs their mean
    /// first. So the figures are exactly those of scoring all rows at once, in bounded memory.
    public static func evaluate(
        _ card: ModelCard, on database: any Database, batchRows: Int = StreamedTraining.defaultBatchRows
    ) throws(ModelOperationError) -> ModelEvaluation {
        let formula = card.formula
        let predictor: Predictor
        do { predictor = try Predictor(card: card) } catch { throw .card(error) }
        let sql: String
        do {
            let columns = try ([formula.response] + formula.terms).map { name throws(DatabaseError) in try SQLIdentifier(name).quoted }
            sql = "SELECT \(columns.joined(separator: ", ")) FROM penguins ORDER BY id"
        } catch {
            throw .database(error)
        }
        let observedValues = FrameSpill()
        var totalRows = 0, completeRows = 0, count = 0
        var squaredError = 0.0, absoluteError = 0.0, sum = 0.0
        try StreamedTraining.reading(sql, on: database, batchRows: batchRows) { batch throws(ModelOperationError) in
            totalRows += batch.rowCount
            let complete: Frame
            do throws(ModelError) { complete = try CompleteCases.rows(of: batch, for: formula) } catch { throw .model(error) }
            let predicted = try predictor.predict(batch: complete, firstRecord: completeRows)
            completeRows += complete.rowCount
            let observed: Column
            do throws(FrameError) { observed = try complete.column(formula.response) } catch { throw .model(.frame(error)) }
            var kept = ColumnBuilder(name: "observed", type: .double)
            for row in 0..<complete.rowCount {
                guard let y = observed.numeric(row), let prediction = predicted[row] else { continue }
                count += 1
                sum += y
                squaredError += (y - prediction) * (y - prediction)
                absoluteError += abs(y - prediction)
                kept.append(y)
            }
            do { try observedValues.append(try Frame(columns: [kept.build()])) } catch let error as FrameSpillError {
                throw .spill(error)
            } catch {
                preconditionFailure("a one-column frame is always valid: \(error)")
            }
        }
        guard count > 0 else { throw .model(.noCompleteRows(totalRows: totalRows, columns: formula.columns)) }
        let mean = sum / Double(count)
        var totalSquares = 0.0
        do throws(FrameSpillError) {
            try observedValues.seal()
            var start = 0
            while start < count {
                let rows = min(batchRows, count - start)
                let observed = try observedValues.rows(from: start, count: rows).columns[0]
                for row in 0..<rows {
                    let y = observed.numeric(row) ?? .nan
                    totalSquares += (y - mean) * (y - mean)
                }
                start += rows
            }
        } catch {
            throw .spill(error)
        }
        return ModelEvaluation(
            version: card.version, rmse: (squaredError / Double(count)).squareRoot(), mae: absoluteError / Double(count),
            rSquared: 1 - squaredError / totalSquares, n: count)
    }

    /// Appends this evaluation to `model_metrics`, one row per metric, in one transaction.
    public func record(on database: any Database) throws(DatabaseError) {
        try database.transaction { () throws(DatabaseError) in
            for (metric, value) in [("rmse", rmse), ("mae", mae), ("r_squared", rSquared)] {
                try database.execute(
                    "INSERT INTO model_metrics (version, metric, value, n) VALUES ($1, $2, $3, $4)",
                    [.text(version), .text(metric), .double(value), .integer(Int64(n))])
            }
        }
    }

    /// The evaluations recorded in `model_metrics`, oldest first. `penguins monitor`'s per-period rows, which
    /// name their period (migration 7), are measured on the prediction log, not the training table: left out.
    public static func history(on database: any Database) throws -> [MetricPoint] {
        // `*`, so a database migrated before the period column existed reads too.
        let frame = try database.query("SELECT * FROM model_metrics ORDER BY at, id")
        let version = try frame.column("version"), metric = try frame.column("metric"), value = try frame.column("value")
        let n = try frame.column("n"), at = try frame.column("at"), period = try? frame.column("period")
        return (0..<frame.rowCount).filter { period?.string($0) == nil }.map { row in
            MetricPoint(
                version: version.string(row) ?? "", metric: metric.string(row) ?? "", value: value.numeric(row) ?? .nan,
                n: Int(n.numeric(row) ?? 0), at: at.storedDate(row))
        }
    }
}
