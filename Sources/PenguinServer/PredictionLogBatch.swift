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
            try database.copyIn(
                into: SQLIdentifier("prediction_log"), columns: Self.logColumns.map(SQLIdentifier.init), rows: logRows)
            return true
        }
    }

    /// One row per record, its inputs in one JSON object (migration 0009). Built whole rather than as a lazy
    /// sequence: the bulk path is generic across modules, and lazy wrappers cost a metadata lookup per row there.
    private var logRows: [[SQLValue]] {
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(recordCount)
        // A busy server answers many requests within one millisecond: they share the stamp's text.
        var stamp: (time: LogTimestamp, text: SQLValue)?
        for request in requests {
            let at: SQLValue
            if let stamp, stamp.time == request.answeredAt {
                at = stamp.text
            } else {
                at = .text(request.answeredAt.text)
                stamp = (request.answeredAt, at)
            }
            let shared = Shared(request, at: at)
            for (record, prediction) in request.batch.predictions.enumerated() {
                rows.append([
                    shared.requestID, .integer(Int64(record)), shared.version, shared.at, shared.latency, .double(prediction),
                    .text(request.batch.inputsJSON(record: record)),
                ])
            }
        }
        return rows
    }

    /// The values every row of one request repeats, made once per request.
    private struct Shared {
        let requestID: SQLValue
        let version: SQLValue
        let at: SQLValue
        let latency: SQLValue

        init(_ request: LoggedRequest, at: SQLValue) {
            requestID = .text(request.requestID)
            version = .text(request.batch.version)
            self.at = at
            latency = .double(request.latencySeconds)
        }
    }
}
