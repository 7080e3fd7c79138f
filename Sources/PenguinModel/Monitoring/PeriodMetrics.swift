import DataGateway
import Foundation

/// What one served version did in one period of the prediction log: how many records it answered, its
/// mean prediction and, over the records whose actual outcome has been recorded, RMSE, MAE and R².
///
/// The sums are computed by the database in one grouped scan of the log joined to the actuals; only one
/// row per period and version comes back, and the metrics are finished here from those sums. The rows are
/// read in a subquery and grouped outside it, so that Postgres hashes the few groups (see ``LogWindowSQL/groupingFence``).
public struct PeriodMetrics: Sendable, Equatable {
    public let version: String
    /// The period's start (UTC).
    public let start: Date
    public let predictions: Int
    public let meanPrediction: Double
    /// The records with an actual outcome, which the accuracy metrics are computed over.
    public let actuals: Int
    public let rmse: Double?
    public let mae: Double?
    /// Nil when fewer than two actuals, or all equal, leave no variance to explain.
    public let rSquared: Double?

    /// Every period and version of `window` (only `version` when given), in time order then version order.
    public static func measure(
        _ window: MonitorWindow, version: String?, on database: any Database
    ) throws(MonitorError) -> [PeriodMetrics] {
        let sql = LogWindowSQL(kind: database.kind)
        let versionFilter = version == nil ? "" : " AND l.version = $3"
        let query = """
            SELECT period, version, count(*) AS n, avg(prediction) AS mean_prediction, count(actual) AS actuals,
                sum((actual - prediction) * (actual - prediction)) AS squared_error, sum(abs(actual - prediction)) AS absolute_error,
                sum(actual) AS actual_sum, sum(actual * actual) AS actual_squares
            FROM (
                SELECT \(sql.period("l.predicted_at", window.period)) AS period, l.version, l.prediction, a.actual
                FROM prediction_log l
                LEFT JOIN prediction_actuals a ON a.request_id = l.request_id AND a.record_index = l.record_index
                WHERE \(sql.within("l.predicted_at"))\(versionFilter)\(sql.groupingFence)
            ) AS logged
            GROUP BY period, version ORDER BY period, version
            """
        let frame = try MonitorQuery.run(query, window: window, version: version, on: database)
        do {
            let period = try frame.column("period"), versions = try frame.column("version"), n = try frame.column("n")
            let mean = try frame.column("mean_prediction"), actuals = try frame.column("actuals")
            let squared = try frame.column("squared_error"), absolute = try frame.column("absolute_error")
            let sum = try frame.column("actual_sum"), squares = try frame.column("actual_squares")
            return (0..<frame.rowCount).map { row in
                let count = Int(actuals.numeric(row) ?? 0)
                let sse = squared.numeric(row) ?? 0
                var rSquared: Double?
                if count > 1, let sum = sum.numeric(row), let squares = squares.numeric(row) {
                    let total = squares - sum * sum / Double(count)
                    if total > 0 { rSquared = 1 - sse / total }
                }
                return PeriodMetrics(
                    version: versions.string(row) ?? "", start: periodStart(period, row, window.period),
                    predictions: Int(n.numeric(row) ?? 0), meanPrediction: mean.numeric(row) ?? .nan, actuals: count,
                    rmse: count > 0 ? (sse / Double(count)).squareRoot() : nil,
                    mae: count > 0 ? (absolute.numeric(row) ?? 0) / Double(count) : nil, rSquared: rSquared)
            }
        } catch {
            throw .database(DatabaseError(.query, "unexpected result of the period metrics query: \(error)"))
        }
    }

    /// The rows this period adds to `model_metrics`: always the count and mean prediction; the accuracy
    /// metrics only where actuals exist, with n the number of actuals.
    var metricRows: [(metric: String, value: Double, n: Int)] {
        var rows: [(String, Double, Int)] = [("predictions", Double(predictions), predictions), ("mean_prediction", meanPrediction, predictions)]
        if let rmse { rows.append(("rmse", rmse, actuals)) }
        if let mae { rows.append(("mae", mae, actuals)) }
        if let rSquared { rows.append(("r_squared", rSquared, actuals)) }
        return rows
    }

    /// A period key as the database returned it: a time on Postgres, a text prefix on SQLite.
    private static func periodStart(_ column: Column, _ row: Int, _ period: MonitorWindow.Period) -> Date {
        if let seconds = column.numeric(row) { return Date(timeIntervalSince1970: seconds) }
        let prefix = column.string(row) ?? ""
        let text = prefix + (period == .hour ? ":00:00Z" : "T00:00:00Z")
        return (try? Date.ISO8601FormatStyle().parse(text)) ?? .distantPast
    }
}
