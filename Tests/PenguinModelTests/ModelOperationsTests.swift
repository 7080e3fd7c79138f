import DataGateway
import Foundation
import Logging
import Testing
import TestSupport

@testable import PenguinModel

/// Training, the board, scoring and evaluation against live databases of both engines.
@Suite("The model against live databases")
struct ModelOperationsTests {
    private func trained(_ test: TestDatabase) throws -> LinearModel {
        try LinearModel.fit(.penguins, to: test.database.readFrame("SELECT * FROM penguins ORDER BY id"))
    }

    @Test("Training in the database agrees with the in-process fit to 1e-9", arguments: DatabaseKind.allCases)
    func inDatabaseTraining(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let local = try trained(test)
            let remote = try InDatabaseTraining.fit(.penguins, from: .table(SQLIdentifier("penguins")), on: test.database)
            #expect(remote.encoding.featureNames == local.encoding.featureNames)
            for (a, b) in zip(remote.fit.coefficients, local.fit.coefficients) { #expect(relativeError(a, b) < 1e-9) }
            for (a, b) in zip(remote.fit.standardErrors, local.fit.standardErrors) { #expect(relativeError(a, b) < 1e-9) }
            #expect(relativeError(remote.summary.rSquared, local.summary.rSquared) < 1e-9)
            #expect(relativeError(remote.summary.rootMeanSquaredError, local.summary.rootMeanSquaredError) < 1e-9)
            #expect(relativeError(remote.summary.meanAbsoluteError, local.summary.meanAbsoluteError) < 1e-9)
            #expect(remote.summary.observations == 333 && remote.summary.droppedRows == 11)
            let subquery = try InDatabaseTraining.fit(
                .penguins, from: .subquery("SELECT * FROM penguins WHERE island <> 'Torgersen'"), on: test.database)
            #expect(subquery.summary.observations < 333)
        }
    }

    @Test("Scoring into a missing table fails as .missingScoresTable, by code, on both paths", arguments: DatabaseKind.allCases)
    func scoringIntoAMissingTable(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let table = try SQLIdentifier("my_scores")
            let scoring = ModelScoring(card: try trained(test).card(gatewayVersion: "test"), into: table)
            for attempt in [{ try scoring.score(on: test.database) }, { try scoring.scoreInDatabase(on: test.database) }] {
                let error = #expect(throws: ModelOperationError.self) { try attempt() }
                guard case .missingScoresTable(let missing, let cause)? = error else {
                    Issue.record("expected .missingScoresTable, got \(String(describing: error))")
                    continue
                }
                #expect(missing == table)
                #expect(cause.kind == .undefinedObject)
                if kind == .postgres { #expect(cause.sqlState == .undefinedTable) }
            }
        }
    }

    @Test("Scoring writes every scorable penguin once per version, idempotently, in and out of the database",
          arguments: DatabaseKind.allCases)
    func scoring(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let card = try trained(test).card(gatewayVersion: "test")
            let scoring = ModelScoring(card: card, into: try SQLIdentifier("penguin_predictions"))
            #expect(try scoring.score(on: test.database) == 333)
            let inProcess = try test.database.query(
                "SELECT penguin_id, prediction FROM penguin_predictions WHERE model_version = $1 ORDER BY penguin_id", [.text(card.version)])
            #expect(try scoring.score(on: test.database) == 333)
            #expect(try test.database.query("SELECT count(*) AS n FROM penguin_predictions").column("n").numeric(0) == 333)
            #expect(try scoring.scoreInDatabase(on: test.database) == 333)
            let inDatabase = try test.database.query(
                "SELECT penguin_id, prediction FROM penguin_predictions WHERE model_version = $1 ORDER BY penguin_id", [.text(card.version)])
            #expect(inDatabase.rowCount == 333)
            let predictor = try Predictor(card: card)
            let inputs = try test.database.readFrame("SELECT id, bill_length_mm, species, sex FROM penguins ORDER BY id")
            let expected = try predictor.predict(inputs).compactMap { $0 }
            for row in 0..<333 {
                let local = try inProcess.column("prediction").numeric(row)!
                let remote = try inDatabase.column("prediction").numeric(row)!
                #expect(relativeError(remote, local) < 1e-9)
                #expect(local == expected[row])
            }
            #expect(try inDatabase.column("penguin_id").numeric(0) == 1)
        }
    }

    @Test("Evaluation appends rmse, mae and r² to model_metrics with the training numbers", arguments: DatabaseKind.allCases)
    func evaluation(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let model = try trained(test)
            let card = try model.card(gatewayVersion: "test")
            let evaluation = try ModelEvaluation.evaluate(card, on: test.database)
            #expect(evaluation.n == 333)
            #expect(relativeError(evaluation.rmse, model.summary.rootMeanSquaredError) < 1e-12)
            #expect(relativeError(evaluation.rSquared, model.summary.rSquared) < 1e-12)
            try evaluation.record(on: test.database)
            try evaluation.record(on: test.database)
            let metrics = try test.database.query("SELECT metric, value, n FROM model_metrics WHERE version = $1 ORDER BY id", [.text(card.version)])
            #expect(metrics.rowCount == 6)
            #expect(try metrics.column("metric").string(0) == "rmse")
            #expect(try metrics.column("n").numeric(2) == 333)
        }
    }

    @Test("The database board keeps every version across connections and refuses bad ones", arguments: DatabaseKind.allCases)
    func databaseBoard(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            let model = try trained(test)
            let older = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
            let newer = try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_800_000_000))
            let board = DatabaseModelBoard(database: test.database)
            #expect(throws: BoardError.self) { try board.load(version: nil) }
            try board.store(older)
            try board.store(newer)
            #expect(throws: BoardError.self) { try board.store(newer) }

            let reopened = DatabaseModelBoard(database: try TestDatabase.reopen(test))
            #expect(try reopened.list().map(\.version) == [newer.version, older.version])
            #expect(try reopened.load(version: nil) == newer)
            #expect(try reopened.load(version: older.version) == older)
            let unknown = #expect(throws: BoardError.self) { try reopened.load(version: "20000101T000000Z-00000000") }
            #expect(unknown?.description.contains("available: \(newer.version)") == true)

            try test.database.execute(
                "UPDATE models SET card = replace(card, '2169.', '2170.') WHERE version = $1", [.text(older.version)])
            let tampered = #expect(throws: BoardError.self) { try board.list() }
            #expect(tampered?.description.contains("version \(older.version)") == true)
        }
    }

    @Test("The file board survives a restart, and a model trained on SQLite predicts as one trained on Postgres")
    func fileBoardAcrossEngines() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try withMigratedDatabase(.sqlite) { sqlite in
            try withMigratedDatabase(.postgres) { postgres in
                let fromSQLite = try trained(sqlite).card(gatewayVersion: "test")
                let fromPostgres = try trained(postgres).card(gatewayVersion: "test")
                #expect(fromSQLite.dataFingerprint == fromPostgres.dataFingerprint)
                try FileModelBoard(directory: directory.path).store(fromSQLite)
                let served = try FileModelBoard(directory: directory.path).load(version: nil)
                #expect(served == fromSQLite)
                let records: [[String: RecordValue]] = [
                    ["bill_length_mm": .number(45), "species": .string("Gentoo"), "sex": .string("male")],
                    ["bill_length_mm": .number(38.2), "species_Chinstrap": .bool(false), "species_Gentoo": .bool(false), "sex_male": .bool(false)],
                ]
                let a = try Predictor(card: served).predict(records)
                let b = try Predictor(card: fromPostgres).predict(records)
                for (x, y) in zip(a, b) { #expect(relativeError(x, y) < 1e-12) }

                try Data("{not json".utf8).write(to: URL(fileURLWithPath: directory.file("20990101T000000Z-deadbeef.json")))
                let bad = #expect(throws: BoardError.self) { try FileModelBoard(directory: directory.path).list() }
                #expect(bad?.description.contains("20990101T000000Z-deadbeef.json") == true)
            }
        }
    }

    @Test("A login role in penguins_reader can train but gets a permission error from score, and nothing is written")
    func readerCannotScore() throws {
        try withMigratedDatabase(.postgres) { test in
            let card = try trained(test).card(gatewayVersion: "test")
            let readerURL = try TestPostgres.loginRole(memberOf: "penguins_reader", database: try #require(test.postgresDatabaseName))
            try withConnection(PostgresDatabase(conninfo: readerURL, logger: Logger(label: "test"))) { reader in
                let readerModel = try LinearModel.fit(.penguins, to: reader.readFrame("SELECT * FROM penguins ORDER BY id"))
                #expect(readerModel.summary.observations == 333)
                _ = try InDatabaseTraining.fit(.penguins, from: .table(SQLIdentifier("penguins")), on: reader)
                let scoring = ModelScoring(card: card, into: try SQLIdentifier("penguin_predictions"))
                for attempt in [{ try scoring.score(on: reader) }, { try scoring.scoreInDatabase(on: reader) }] {
                    let error = #expect(throws: ModelOperationError.self) { try attempt() }
                    guard case .database(let refused)? = error else {
                        Issue.record("expected a database refusal, got \(String(describing: error))")
                        continue
                    }
                    #expect(refused.kind == .permissionDenied)
                    #expect(refused.sqlState == .insufficientPrivilege)
                }
                #expect(try test.database.query("SELECT count(*) AS n FROM penguin_predictions").column("n").numeric(0) == 0)
                let writerURL = try TestPostgres.loginRole(memberOf: "penguins_writer", database: try #require(test.postgresDatabaseName))
                try withConnection(PostgresDatabase(conninfo: writerURL, logger: Logger(label: "test"))) { writer throws in
                    #expect(try scoring.score(on: writer) == 333)
                    #expect(throws: DatabaseError.self) { try writer.executeScript("ALTER TABLE penguins ADD COLUMN x integer") }
                }
            }
        }
    }
}
