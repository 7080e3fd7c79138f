import DataGateway
import PenguinLogging

/// Deletes prediction log rows older than the retention period, a few thousand rows per statement, so one
/// pass never holds locks for long and the writer's batches go on between the statements.
enum PredictionLogRetention {
    static let rowsPerStatement = 5_000

    /// The tables and the time column each is aged by.
    private static let tables = [("prediction_log", "predicted_at"), ("prediction_log_batches", "written_at")]

    /// One statement per table, each deleting at most ``rowsPerStatement`` rows older than `cutoff`; returns
    /// whether any of them found that many, so more may be left.
    static func deleteOnce(olderThan cutoff: LogTimestamp, from database: any Database) throws(DatabaseError) -> Bool {
        var more = false
        for (table, column) in tables {
            if try database.execute(deletion(from: table, agedBy: column, on: database.kind), [.text(cutoff.text)]) == rowsPerStatement {
                more = true
            }
        }
        return more
    }

    /// Neither engine takes LIMIT on DELETE as built, so the rows are picked by their physical id.
    private static func deletion(from table: String, agedBy column: String, on kind: DatabaseKind) -> String {
        switch kind {
        case .postgres:
            "DELETE FROM \(table) WHERE ctid = ANY (ARRAY(SELECT ctid FROM \(table) WHERE \(column) < $1 LIMIT \(rowsPerStatement)))"
        case .sqlite:
            "DELETE FROM \(table) WHERE rowid IN (SELECT rowid FROM \(table) WHERE \(column) < $1 LIMIT \(rowsPerStatement))"
        }
    }
}
