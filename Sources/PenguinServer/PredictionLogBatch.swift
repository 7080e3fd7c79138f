import DataGateway
import Foundation
import PenguinLogging

/// Answered requests written to the prediction log together, in one transaction, under one id.
///
/// The id is inserted into `prediction_log_batches` in the same transaction as the rows. A batch whose
/// commit's outcome is unknown (the connection dropped during it) is retried under the same id, and the retry
/// first looks for that id: found, the batch was committed and is not written again. Request ids cannot serve
/// for this, since a client may send the same `X-Request-ID` twice.
struct PredictionLogBatch: Sendable {
    let id = UUID().uuidString.lowercased()
    let requests: [LoggedRequest]
    let recordCount: Int
    /// Whether a write was tried and failed, so the retry must check whether it was committed after all.
    var attempted = false

    init(requests: [LoggedRequest]) {
        self.requests = requests
        recordCount = requests.reduce(0) { $0 + $1.batch.count }
    }

    /// Groups requests, oldest first, into batches of about `records` records; a request is never split.
    static func batches(of requests: [LoggedRequest], records: Int) -> [PredictionLogBatch] {
        var batches: [PredictionLogBatch] = []
        var current: [LoggedRequest] = []
        var count = 0
        for request in requests {
            if count > 0, count + request.batch.count > records {
                batches.append(PredictionLogBatch(requests: current))
                current = []
                count = 0
            }
            current.append(request)
            count += request.batch.count
        }
        if !current.isEmpty { batches.append(PredictionLogBatch(requests: current)) }
        return batches
    }

    private static let logColumns = ["request_id", "record_index", "version", "predicted_at", "latency_seconds", "prediction", "inputs"]

    /// Writes the batch in one transaction by the engine's bulk path (`COPY FROM STDIN` on Postgres, multi-row
    /// `INSERT` on SQLite); returns false when an earlier attempt had committed it already.
    func write(to database: any Database) throws(DatabaseError) -> Bool {
        try database.transaction(.immediate) { () throws(DatabaseError) -> Bool in
            if attempted,
                try database.query("SELECT 1 AS found FROM prediction_log_batches WHERE batch_id = $1", [.text(id)]).rowCount > 0
            {
                return false
            }
            try database.execute("INSERT INTO prediction_log_batches (batch_id) VALUES ($1)", [.text(id)])
            try writeRows(to: database)
            return true
        }
    }

    /// Rows per bulk write. A 10,000-record request is written in pieces, so the writer's buffers stay small:
    /// built whole, such a request's rows left glibc holding about 5 MiB more of the server's heap for good.
    private static let rowsPerWrite = 1_024

    /// One row per record, its inputs in one JSON object (migration 0009), written field by field into one
    /// ``BulkRows``: no array per row, and no string per field.
    private func writeRows(to database: any Database) throws(DatabaseError) {
        let table = try SQLIdentifier("prediction_log")
        let columns = try Self.logColumns.map(SQLIdentifier.init)
        var rows = BulkRows(columns: columns.count)
        for request in requests {
            for (record, prediction) in request.batch.predictions.enumerated() {
                rows.append(request.requestID)
                rows.append(Int64(record))
                rows.append(request.batch.version)
                rows.append(request.answeredAt)
                rows.append(request.latencySeconds)
                rows.append(prediction)
                rows.appendText { text in request.batch.writeInputsJSON(record: record, to: &text) }
                if rows.rowCount == Self.rowsPerWrite {
                    try database.copyIn(into: table, columns: columns, rows: rows)
                    rows.removeAll()
                }
            }
        }
        if rows.rowCount > 0 { try database.copyIn(into: table, columns: columns, rows: rows) }
    }
}
