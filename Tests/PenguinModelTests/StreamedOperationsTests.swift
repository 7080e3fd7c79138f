import DataGateway
import Foundation
import Testing
import TestSupport

@testable import PenguinModel

/// `train`, `evaluate` and in-process `score` read the database in batches: the same model, figures and
/// scores as one read of every row, on both engines, at any batch size.
@Suite("Training, evaluation and scoring read in batches")
struct StreamedOperationsTests {
    @Test("Batched reads return the rows of one read, and an empty result as one empty frame", arguments: DatabaseKind.allCases)
    func batchedRead(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let sql = "SELECT * FROM penguins ORDER BY id"
            var batches: [Frame] = []
            try test.database.readBatches(sql, rows: 50, progress: nil) { batches.append($0) }
            #expect(batches.map(\.rowCount) == [50, 50, 50, 50, 50, 50, 44])
            #expect(try Frame.concatenating(batches) == test.database.readFrame(sql))
            var empty: [Frame] = []
            try test.database.readBatches("SELECT id, species FROM penguins WHERE id < 0", rows: 50, progress: nil) { empty.append($0) }
            #expect(empty.count == 1 && empty[0].rowCount == 0 && empty[0].columns.map(\.name) == ["id", "species"])
        }
    }

    @Test("A failure in a batch stops the read, is rethrown as it is, and leaves the connection usable", arguments: DatabaseKind.allCases)
    func failingBatch(kind: DatabaseKind) throws {
        struct Stop: Error {}
        try withMigratedDatabase(kind) { test throws in
            var seen = 0
            #expect(throws: Stop.self) {
                try test.database.readBatches("SELECT * FROM penguins ORDER BY id", rows: 100, progress: nil) { _ in
                    seen += 1
                    throw Stop()
                }
            }
            #expect(seen == 1)
            #expect(try test.database.query("SELECT count(*) AS n FROM penguins").column("n").numeric(0) == 344)
        }
    }

    @Test("Streamed training gives the one-frame model: coefficients to 1e-12, the same fingerprint", arguments: DatabaseKind.allCases)
    func streamedTraining(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let sql = "SELECT * FROM penguins ORDER BY id"
            let whole = try LinearModel.fit(.penguins, to: test.database.readFrame(sql))
            for size in [7, 65_536] {
                let streamed = try test.database.readOnly { try StreamedTraining.fit(.penguins, query: sql, on: test.database, batchRows: size) }
                #expect(streamed.encoding == whole.encoding)
                #expect(streamed.dataFingerprint == "c78b4bbba792ebe2e7a297f60758525fa35070dec3a5ce912e623b0740856703")
                #expect(streamed.summary.observations == 333 && streamed.summary.droppedRows == 11)
                for (a, b) in zip(streamed.fit.coefficients + streamed.fit.standardErrors, whole.fit.coefficients + whole.fit.standardErrors) {
                    #expect(relativeError(a, b) < 1e-12)
                }
                #expect(relativeError(streamed.summary.meanAbsoluteError, whole.summary.meanAbsoluteError) < 1e-12)
                #expect(relativeError(streamed.summary.rSquared, whole.summary.rSquared) < 1e-12)
                // The training profile is built from the same rows, batch by batch.
                #expect(streamed.profile?.feature(named: "species") == whole.profile?.feature(named: "species"))
                guard case .numeric(let bill)? = streamed.profile?.feature(named: "bill_length_mm"),
                    case .numeric(let expected)? = whole.profile?.feature(named: "bill_length_mm")
                else {
                    Issue.record("no numeric profile for bill_length_mm")
                    continue
                }
                #expect(bill.n == 333 && bill.bins == expected.bins && bill.sample == expected.sample)
                #expect(relativeError(bill.mean, expected.mean) < 1e-12)
            }
        }
    }

    /// SQLite types an expression column by its first value and widens an integer column at its first real;
    /// in batches, a column may be all null in the first ones and integer before it turns real.
    @Test("On SQLite, a column typed or widened in a later batch trains as in one read, with the same fingerprint")
    func sqliteTypesDecidedInLaterBatches() throws {
        try withMigratedDatabase(.sqlite) { test in
            let sql = """
                SELECT body_mass_g, CASE WHEN id > 120 THEN bill_length_mm END AS late,
                       CASE WHEN id > 200 THEN bill_length_mm ELSE flipper_length_mm END AS mixed
                FROM penguins ORDER BY id
                """
            var types: [[ColumnType]] = []
            try test.database.readBatches(sql, rows: 50, progress: nil) { batch in types.append(batch.columns.map(\.type)) }
            #expect(types.first == [.int64, .string, .int64] && types.last == [.int64, .double, .double])
            let formula = try Formula(parsing: "body_mass_g ~ late + mixed")
            let whole = try LinearModel.fit(formula, to: test.database.readFrame(sql))
            let streamed = try StreamedTraining.fit(formula, query: sql, on: test.database, batchRows: 50)
            #expect(streamed.dataFingerprint == whole.dataFingerprint)
            #expect(streamed.summary.observations == whole.summary.observations)
            for (a, b) in zip(streamed.fit.coefficients, whole.fit.coefficients) { #expect(relativeError(a, b) < 1e-12) }
        }
    }

    @Test("Evaluation in batches gives exactly the figures of one batch", arguments: DatabaseKind.allCases)
    func streamedEvaluation(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let model = try LinearModel.fit(.penguins, to: test.database.readFrame("SELECT * FROM penguins ORDER BY id"))
            let card = try model.card(gatewayVersion: "test")
            let whole = try ModelEvaluation.evaluate(card, on: test.database, batchRows: 1000)
            #expect(try ModelEvaluation.evaluate(card, on: test.database, batchRows: 7) == whole)
            #expect(whole.n == 333)
            // The model's own residuals, summed the same way over the same rows.
            #expect(whole.mae == model.summary.meanAbsoluteError)
        }
    }

    @Test("Scoring in batches writes the predictions of the whole frame", arguments: DatabaseKind.allCases)
    func streamedScoring(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let card = try LinearModel.fit(.penguins, to: test.database.readFrame("SELECT * FROM penguins ORDER BY id")).card(gatewayVersion: "test")
            let scoring = ModelScoring(card: card, into: try SQLIdentifier("penguin_predictions"))
            #expect(try scoring.score(on: test.database, batchRows: 5) == 333)
            let written = try test.database.query(
                "SELECT penguin_id, prediction FROM penguin_predictions WHERE model_version = $1 ORDER BY penguin_id", [.text(card.version)])
            let inputs = try test.database.readFrame("SELECT id, bill_length_mm, species, sex FROM penguins ORDER BY id")
            let predictions = try Predictor(card: card).predict(inputs)
            let ids = try inputs.column("id")
            let expected = predictions.indices.filter { predictions[$0] != nil }
            #expect(written.rowCount == expected.count)
            for (row, source) in expected.enumerated() {
                #expect(try written.column("penguin_id").int64(row) == ids.int64(source))
                #expect(try written.column("prediction").numeric(row) == predictions[source])
            }
        }
    }
}
