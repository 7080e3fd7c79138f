import DataGateway
import Foundation

/// Observed outcomes that arrive after the prediction (`penguins monitor actuals`): each is stored in
/// `prediction_actuals` against the logged record it belongs to, so performance over time can join them to
/// the prediction log.
///
/// The user's query is read in a read-only transaction, so it can change nothing; all its rows are then
/// recorded in one transaction, so a failure records none. Re-recording a record's actual replaces it.
public enum PredictionActuals {
    /// The columns the query must yield, as errors and `--help` name them.
    public static let expectedColumns = "request_id (text: the X-Request-ID), record_index (integer from 0) and actual (a number)"

    /// What a run recorded.
    public struct Outcome: Sendable, Equatable {
        /// Rows of the query recorded.
        public let recorded: Int
        /// Of the records they name, the ones no logged prediction has (yet): a wrong id, or a record the log
        /// never held. A record named twice counts once.
        public let unmatched: Int
    }

    /// Reads `query` and records its rows.
    public static func record(query: String, on database: any Database) throws(ActualsError) -> Outcome {
        let frame: Frame
        do {
            frame = try database.readOnly { try database.readFrame(query) }
        } catch let error as DatabaseError {
            throw .query(error)
        } catch {
            throw .query(DatabaseError(.query, "\(error)"))
        }
        let rows = try actuals(in: frame)
        // Every row this run records carries the run's time, so the one query after the inserts can tell them
        // from earlier runs' rows. Bound as seconds since 1970 to the millisecond, which both engines store exactly.
        let runAt = SQLValue.double((Date().timeIntervalSince1970 * 1_000).rounded() / 1_000)
        let sql = LogWindowSQL(kind: database.kind)
        do {
            return try database.transaction(.immediate) { () throws(DatabaseError) -> Outcome in
                let upsert = try database.prepare(
                    """
                    INSERT INTO prediction_actuals (request_id, record_index, actual, recorded_at) VALUES ($1, $2, $3, \(sql.time("$4")))
                    ON CONFLICT (request_id, record_index) DO UPDATE SET actual = excluded.actual, recorded_at = excluded.recorded_at
                    """)
                for row in rows {
                    try upsert.execute([.text(row.requestID), .integer(row.recordIndex), .double(row.actual), runAt])
                }
                // One anti-join rather than a lookup per actual: the log keeps no index on request ids
                // (migrations 0009 and 0010), since maintaining one cost every logged record more than this
                // query costs a run. Written as a LEFT JOIN, which Postgres runs as a hash anti-join and SQLite
                // through a transient index on the log; SQLite runs `NOT EXISTS` as a scan of the whole log per
                // actual. An actual that matches several records (a repeated request id) is still not counted.
                let unmatched = try database.query(
                    """
                    SELECT count(*) AS n FROM prediction_actuals a
                    LEFT JOIN prediction_log l ON l.request_id = a.request_id AND l.record_index = a.record_index
                    WHERE a.recorded_at = \(sql.time("$1")) AND l.request_id IS NULL
                    """, [runAt])
                guard let count = (try? unmatched.column("n"))?.numeric(0) else {
                    throw DatabaseError(.query, "the count of unmatched actuals came back without a number")
                }
                return Outcome(recorded: rows.count, unmatched: Int(count))
            }
        } catch {
            throw .database(error)
        }
    }

    private struct Actual {
        let requestID: String
        let recordIndex: Int64
        let actual: Double
    }

    /// The query's rows as actuals, or the first reason they cannot be.
    private static func actuals(in frame: Frame) throws(ActualsError) -> [Actual] {
        let columns: (id: Column, index: Column, actual: Column)
        do {
            columns = (
                try frame.column("request_id", as: .string), try frame.column("record_index", as: .int64),
                try frame.column("actual", as: .double, .int64)
            )
        } catch {
            throw .columns("\(error)")
        }
        var rows: [Actual] = []
        rows.reserveCapacity(frame.rowCount)
        for row in 0..<frame.rowCount {
            guard let id = columns.id.string(row), let index = columns.index.int64(row), let actual = columns.actual.numeric(row) else {
                throw .row(row + 1, "request_id, record_index and actual must all be given (this row has a null)")
            }
            guard index >= 0 else { throw .row(row + 1, "record_index \(index) is negative; records are numbered from 0") }
            guard actual.isFinite else { throw .row(row + 1, "actual is not a finite number") }
            rows.append(Actual(requestID: id, recordIndex: index, actual: actual))
        }
        return rows
    }
}

/// Why `monitor actuals` recorded nothing.
public enum ActualsError: Error, CustomStringConvertible {
    /// The query could not be read (bad SQL, a write, a missing table).
    case query(DatabaseError)
    /// The query's columns are not the ones expected.
    case columns(String)
    /// A row of the query cannot be an actual (1-based).
    case row(Int, String)
    /// Recording failed; nothing was recorded.
    case database(DatabaseError)

    public var description: String {
        switch self {
        case .query(let error): "the --query failed, nothing was recorded: \(error)"
        case .columns(let problem):
            "the --query must yield \(PredictionActuals.expectedColumns): \(problem)"
        case .row(let row, let problem): "row \(row) of the --query: \(problem); nothing was recorded"
        case .database(let error): "recording the actuals failed, nothing was recorded: \(error)"
        }
    }
}
