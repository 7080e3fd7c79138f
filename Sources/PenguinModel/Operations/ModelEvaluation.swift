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
    public static func evaluate(_ card: ModelCard, on database: any Database) throws(ModelOperationError) -> ModelEvaluation {
        let formula = card.formula
        let frame: Frame
        do {
            let columns = try ([formula.response] + formula.terms).map { name throws(DatabaseError) in try SQLIdentifier(name).quoted }
            frame = try database.readFrame("SELECT \(columns.joined(separator: ", ")) FROM penguins ORDER BY id")
        } catch {
            throw .database(error)
        }
        let complete: Frame
        do { complete = try CompleteCases(of: frame, for: formula).frame } catch { throw .model(error) }
        let predictor: Predictor
        do { predictor = try Predictor(card: card) } catch { throw .card(error) }
        let predicted: [Double?]
        do { predicted = try predictor.predict(complete) } catch { throw .record(error) }
        let observed: Column
        do { observed = try complete.column(formula.response) } catch { throw .model(.frame(error)) }
        var pairs: [(observed: Double, predicted: Double)] = []
        for row in 0..<complete.rowCount {
            if let y = observed.numeric(row), let prediction = predicted[row] { pairs.append((y, prediction)) }
        }
        guard !pairs.isEmpty else { throw .model(.noCompleteRows(totalRows: frame.rowCount, columns: formula.columns)) }
        let count = Double(pairs.count)
        let mean = pairs.reduce(0) { $0 + $1.observed } / count
        let squaredError = pairs.reduce(0) { $0 + ($1.observed - $1.predicted) * ($1.observed - $1.predicted) }
        let totalSquares = pairs.reduce(0) { $0 + ($1.observed - mean) * ($1.observed - mean) }
        return ModelEvaluation(
            version: card.version, rmse: (squaredError / count).squareRoot(),
            mae: pairs.reduce(0) { $0 + abs($1.observed - $1.predicted) } / count,
            rSquared: 1 - squaredError / totalSquares, n: pairs.count)
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
