import DataGateway
import Foundation
import Hummingbird
import PenguinJSON
import PenguinLogging
import PenguinModel
import TestSupport
import Testing

@testable import PenguinServer

/// The prediction log's parts below the server: each record's inputs as read back from its feature row, one
/// batch written once on each engine, and retention.
@Suite("Prediction log batches")
struct PredictionLogBatchTests {
    private static let model = try! ServedModel(
        card: TestModel.fitted.card, trainingPoints: TestModel.fitted.points, configuration: ServerConfiguration(databaseKind: .sqlite))

    /// The answered batch of `body` as the route builds it.
    private func answered(_ body: String) throws -> AnsweredBatch {
        let batch = try PredictionBatch(body: ByteBuffer(string: body), reader: Self.model.reader, maxRecords: 10_000)
        return AnsweredBatch(version: Self.model.version, predictions: batch.predictions, terms: Self.model.inputs, featureRows: batch.featureRows)
    }

    /// Record `record`'s inputs as the writer writes them into the log's rows.
    private func inputs(_ batch: AnsweredBatch, record: Int) -> String {
        var text = ""
        batch.writeInputsJSON(record: record, to: &text)
        return text
    }

    @Test("Each record's inputs are a JSON object of its number and levels, the reference level included, on both body paths")
    func inputsFromFeatureRows() throws {
        #expect(Self.model.inputs.names == ["bill_length_mm", "species", "sex"])
        let fast = try answered(
            #"[{"bill_length_mm":39.5,"species":"Adelie","sex":"female"},{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#)
        #expect(inputs(fast, record: 0) == #"{"bill_length_mm":39.5,"species":"Adelie","sex":"female"}"#)
        #expect(inputs(fast, record: 1) == #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#)
        // An escape in a string is left to the tree path.
        let tree = try answered(#"{"bill_length_mm":50.25,"species":"Chin\u0073trap","sex":"male"}"#)
        #expect(inputs(tree, record: 0) == #"{"bill_length_mm":50.25,"species":"Chinstrap","sex":"male"}"#)
        #expect(tree.predictions.count == 1)
    }

    @Test("A term name or level that JSON must escape is escaped, so the object reads back whole")
    func inputsEscaped() throws {
        let islands = [#"Torgersen "north""#, #"Biscoe\south"#, "Dream", "Dream", #"Torgersen "north""#, #"Biscoe\south"#]
        var bill = ColumnBuilder(name: "bill_length_mm", type: .double), island = ColumnBuilder(name: "island", type: .string)
        var mass = ColumnBuilder(name: "body_mass_g", type: .double)
        for (row, name) in islands.enumerated() {
            bill.append(39.0 + Double(row) * 3.5)
            island.append(name)
            mass.append(3_700 + Double(row * row) * 120)
        }
        let frame = try Frame(columns: [bill.build(), island.build(), mass.build()])
        let card = try LinearModel.fit(Formula(parsing: "body_mass_g ~ bill_length_mm + island"), to: frame).card(gatewayVersion: "test")
        let model = try ServedModel(
            card: card, trainingPoints: TrainingRows(frame: frame, formula: card.formula), configuration: ServerConfiguration(databaseKind: .sqlite))
        let batch = try PredictionBatch(
            body: ByteBuffer(string: #"{"bill_length_mm":40,"island":"Torgersen \"north\""}"#), reader: model.reader, maxRecords: 1)
        let answered = AnsweredBatch(version: model.version, predictions: batch.predictions, terms: model.inputs, featureRows: batch.featureRows)
        let object = try JSONValue.parse(Data(inputs(answered, record: 0).utf8))
        #expect(object == .object(["bill_length_mm": .number(40), "island": .string(#"Torgersen "north""#)]))
    }

    private func request(_ id: String, at time: LogTimestamp = .now()) throws -> LoggedRequest {
        let batch = try answered(
            #"[{"bill_length_mm":39.5,"species":"Adelie","sex":"female"},{"bill_length_mm":45,"species":"Gentoo","sex":"male"}]"#)
        return LoggedRequest(requestID: id, answeredAt: time, latencySeconds: 0.002, batch: batch)
    }

    private func count(_ table: String, in database: any Database) throws -> Double? {
        try database.query("SELECT count(*) AS n FROM \(table)").column("n").numeric(0)
    }

    @Test("A batch is written in one transaction, and a retry after an unknown commit outcome writes nothing twice", arguments: DatabaseKind.allCases)
    func writtenOnce(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { (test: TestDatabase) throws in
            let database = test.database
            var batch = PredictionLogBatch(requests: [try request("same-id"), try request("same-id")])
            #expect(batch.recordCount == 4)
            #expect(try batch.write(to: database))
            #expect(try count("prediction_log", in: database) == 4)
            // The connection dropped during the commit, which had happened: the retry finds its id.
            batch.attempted = true
            #expect(try batch.write(to: database) == false)
            #expect(try count("prediction_log", in: database) == 4)
            let inputs = try database.query("SELECT DISTINCT CAST(inputs AS TEXT) AS inputs FROM prediction_log WHERE record_index = 1")
            #expect(inputs.rowCount == 1)
            #expect(
                try JSONValue.parse(Data((inputs.column("inputs").string(0) ?? "").utf8))
                    == .object(["bill_length_mm": .number(45), "species": .string("Gentoo"), "sex": .string("male")]))
            let log = try database.query("SELECT version, latency_seconds, prediction FROM prediction_log WHERE record_index = 1 LIMIT 1")
            #expect(try log.column("version").string(0) == Self.model.version)
            #expect(try log.column("prediction").numeric(0) == answered(#"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#).predictions[0])
        }
    }

    @Test("A request of more records than one bulk write takes is written whole, in pieces, each row with its own index and stamp",
        arguments: DatabaseKind.allCases)
    func largeRequestInPieces(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { (test: TestDatabase) throws in
            let database = test.database
            let records = (0..<2_500).map { #"{"bill_length_mm":\#(30 + Double($0 % 200) / 10),"species":"Adelie","sex":"female"}"# }
            let large = LoggedRequest(
                requestID: "large", answeredAt: LogTimestamp(seconds: 1_764_000_000, milliseconds: 250), latencySeconds: 0.01,
                batch: try answered("[" + records.joined(separator: ",") + "]"))
            let later = try request("later", at: LogTimestamp(seconds: 1_764_000_001, milliseconds: 7))
            #expect(try PredictionLogBatch(requests: [large, later]).write(to: database))
            let stamp =
                kind == .postgres
                ? #"to_char(predicted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"# : "predicted_at"
            let summary = try database.query(
                """
                SELECT request_id, count(*) AS n, count(DISTINCT record_index) AS indexes, max(record_index) AS last,
                       min(\(stamp)) AS first_stamp, max(\(stamp)) AS last_stamp
                FROM prediction_log GROUP BY request_id ORDER BY request_id
                """)
            #expect(try (0..<summary.rowCount).map { try summary.column("request_id").string($0) } == ["large", "later"])
            #expect(try (0..<2).map { try summary.column("n").numeric($0) } == [2_500, 2])
            #expect(try (0..<2).map { try summary.column("indexes").numeric($0) } == [2_500, 2])
            #expect(try (0..<2).map { try summary.column("last").numeric($0) } == [2_499, 1])
            #expect(try summary.column("first_stamp").string(0) == "2025-11-24T16:00:00.250Z")
            #expect(try summary.column("last_stamp").string(0) == "2025-11-24T16:00:00.250Z")
            #expect(try summary.column("first_stamp").string(1) == "2025-11-24T16:00:01.007Z")
            let bill = try database.query("SELECT prediction FROM prediction_log WHERE request_id = 'large' AND record_index = 2499")
            #expect(try bill.column("prediction").numeric(0) == large.batch.predictions[2_499])
        }
    }

    @Test("Retention deletes the rows older than the cutoff and keeps the rest", arguments: DatabaseKind.allCases)
    func retention(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { (test: TestDatabase) throws in
            let database = test.database
            let now = LogTimestamp.now()
            let old = LogTimestamp(seconds: now.seconds - 100 * 86_400, milliseconds: 0)
            #expect(try PredictionLogBatch(requests: [try request("old", at: old)]).write(to: database))
            #expect(try PredictionLogBatch(requests: [try request("new", at: now)]).write(to: database))
            let cutoff = LogTimestamp(seconds: now.seconds - 90 * 86_400, milliseconds: 0)
            #expect(try PredictionLogRetention.deleteOnce(olderThan: cutoff, from: database) == false)
            #expect(try database.query("SELECT DISTINCT request_id FROM prediction_log").column("request_id").string(0) == "new")
            #expect(try count("prediction_log", in: database) == 2)
        }
    }

    @Test("Retention ages records by their time, not their write order: an old record written late (held through an outage) goes too",
        arguments: DatabaseKind.allCases)
    func retentionByTime(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { (test: TestDatabase) throws in
            let database = test.database
            let now = LogTimestamp.now()
            let old = LogTimestamp(seconds: now.seconds - 100 * 86_400, milliseconds: 0)
            let cutoff = LogTimestamp(seconds: now.seconds - 90 * 86_400, milliseconds: 0)
            #expect(try PredictionLogBatch(requests: [try request("first", at: old)]).write(to: database))
            #expect(try PredictionLogBatch(requests: [try request("new", at: now)]).write(to: database))
            #expect(try PredictionLogBatch(requests: [try request("late", at: old)]).write(to: database))
            #expect(try PredictionLogRetention.deleteOnce(olderThan: cutoff, from: database) == false)
            let kept = try database.query("SELECT DISTINCT request_id FROM prediction_log ORDER BY request_id").column("request_id")
            #expect((0..<kept.count).map { kept.string($0) } == ["new"])
        }
    }
}
