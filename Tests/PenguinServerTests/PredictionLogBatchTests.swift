import DataGateway
import Foundation
import Hummingbird
import PenguinLogging
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
        let batch = try PredictionBatch(body: ByteBuffer(string: body), reader: Self.model.reader, maxRecords: 100)
        return AnsweredBatch(version: Self.model.version, predictions: batch.predictions, terms: Self.model.inputs, featureRows: batch.featureRows)
    }

    private func inputs(_ batch: AnsweredBatch, record: Int) -> [ModelInput] {
        batch.terms.names.indices.map { batch.input(record: record, term: $0) }
    }

    @Test("Each record's inputs are its number and levels, the reference level included, on both body paths")
    func inputsFromFeatureRows() throws {
        #expect(Self.model.inputs.names == ["bill_length_mm", "species", "sex"])
        let fast = try answered(
            #"[{"bill_length_mm":39.5,"species":"Adelie","sex":"female"},{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#)
        #expect(inputs(fast, record: 0) == [.number(39.5), .level("Adelie"), .level("female")])
        #expect(inputs(fast, record: 1) == [.number(45), .level("Gentoo"), .level("male")])
        // An escape in a string is left to the tree path.
        let tree = try answered(#"{"bill_length_mm":50.25,"species":"Chin\u0073trap","sex":"male"}"#)
        #expect(inputs(tree, record: 0) == [.number(50.25), .level("Chinstrap"), .level("male")])
        #expect(tree.predictions.count == 1)
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
            #expect(try count("prediction_log_inputs", in: database) == 12)
            // The connection dropped during the commit, which had happened: the retry finds its id.
            batch.attempted = true
            #expect(try batch.write(to: database) == false)
            #expect(try count("prediction_log", in: database) == 4)
            #expect(try count("prediction_log_inputs", in: database) == 12)
            let inputs = try database.query(
                "SELECT DISTINCT feature, number, level FROM prediction_log_inputs WHERE record_index = 1 ORDER BY feature")
            #expect(try inputs.column("feature").string(0) == "bill_length_mm" && inputs.column("number").numeric(0) == 45)
            #expect(try inputs.column("level").string(1) == "male" && inputs.column("number").isNull(1))
            #expect(try inputs.column("level").string(2) == "Gentoo")
            let log = try database.query("SELECT version, latency_seconds, prediction FROM prediction_log WHERE record_index = 1 LIMIT 1")
            #expect(try log.column("version").string(0) == Self.model.version)
            #expect(try log.column("prediction").numeric(0) == answered(#"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#).predictions[0])
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
            #expect(try count("prediction_log_inputs", in: database) == 6)
        }
    }

    @Test("SQLite ages its inputs from the oldest written: an old record written after a new one (held through an outage) goes too")
    func retentionInWrittenOrder() throws {
        try withMigratedDatabase(.sqlite) { (test: TestDatabase) throws in
            let database = test.database
            let now = LogTimestamp.now()
            let old = LogTimestamp(seconds: now.seconds - 100 * 86_400, milliseconds: 0)
            let cutoff = LogTimestamp(seconds: now.seconds - 90 * 86_400, milliseconds: 0)
            // Written first and old: aged out. Then a new one, then an old one held through an outage.
            #expect(try PredictionLogBatch(requests: [try request("first", at: old)]).write(to: database))
            #expect(try PredictionLogBatch(requests: [try request("new", at: now)]).write(to: database))
            #expect(try PredictionLogBatch(requests: [try request("late", at: old)]).write(to: database))
            #expect(try PredictionLogRetention.deleteOnce(olderThan: cutoff, from: database) == false)
            let inputs = try database.query("SELECT DISTINCT request_id FROM prediction_log_inputs ORDER BY request_id").column("request_id")
            #expect((0..<inputs.count).map { inputs.string($0) } == ["new"])
            #expect(try database.query("SELECT DISTINCT request_id FROM prediction_log").column("request_id").string(0) == "new")
        }
    }
}
