import DataGateway
import Foundation
import PenguinJSON
import PenguinModel
import TestSupport
import Testing
@testable import PenguinReport

/// The Monitoring page's values read from a real database of each engine, with rows logged as `serve`
/// logs them, and the page built from them.
@Suite struct MonitoringSnapshotTests {
    /// 2025-11-26T09:00:00Z.
    static let nine = Date(timeIntervalSince1970: 1_764_147_600)

    /// Logs one record as the writer does: the prediction and one input row per term.
    static func log(
        _ database: any Database, request: String, index: Int = 0, version: String, at: Date, prediction: Double,
        billLength: Double = 45, species: String = "Gentoo", sex: String = "male"
    ) throws {
        let time: SQLValue = .text(stamp(at))
        let cast = database.kind == .postgres ? "CAST($4 AS timestamptz)" : "$4"
        let inputs = JSONValue.object(["bill_length_mm": .number(billLength), "species": .string(species), "sex": .string(sex)]).encoded()
        let json = database.kind == .postgres ? "CAST($6 AS jsonb)" : "$6"
        try database.execute(
            """
            INSERT INTO prediction_log (request_id, record_index, version, predicted_at, latency_seconds, prediction, inputs)
            VALUES ($1, $2, $3, \(cast), 0.001, $5, \(json))
            """,
            [.text(request), .integer(Int64(index)), .text(version), time, .double(prediction), .text(String(decoding: inputs, as: UTF8.self))])
    }

    /// The form the SQLite writer stores, `2025-11-26T09:59:59.999Z`; Postgres parses it too.
    static func stamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded())
        let whole = Date(timeIntervalSince1970: Double(milliseconds / 1_000)).formatted(.iso8601)
        return whole.dropLast() + String(format: ".%03dZ", Int(milliseconds % 1_000))
    }

    static func snapshot(_ database: any Database) throws -> MonitoringInput {
        try database.readOnly {
            try MonitoringSnapshot.read(
                on: database, board: DatabaseModelBoard(database: database),
                migrationVersion: MigrationHistory(database: database).latestVersion())
        }
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func predictionsAreCountedPerUTCHourAndVersion(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        let database = test.database
        try Self.log(database, request: "a", version: "v1", at: Self.nine.addingTimeInterval(600), prediction: 4_000)
        try Self.log(database, request: "a", index: 1, version: "v1", at: Self.nine.addingTimeInterval(600), prediction: 4_200)
        // The last millisecond of nine o'clock, and ten o'clock exactly: one each side of the boundary.
        try Self.log(database, request: "b", version: "v1", at: Self.nine.addingTimeInterval(3_599.999), prediction: 4_400)
        try Self.log(database, request: "c", version: "v2", at: Self.nine.addingTimeInterval(3_600), prediction: 5_000)
        try Self.log(database, request: "d", version: "v1", at: Self.nine.addingTimeInterval(3_601), prediction: 3_000)
        try database.execute("INSERT INTO prediction_actuals (request_id, record_index, actual) VALUES ('a', 0, 4100)")
        let input = try Self.snapshot(database)
        #expect(input.period == .hour)
        #expect(input.predictions == [
            PeriodCount(start: Self.nine, version: "v1", predictions: 3, meanPrediction: 4_200),
            PeriodCount(start: Self.nine.addingTimeInterval(3_600), version: "v1", predictions: 1, meanPrediction: 3_000),
            PeriodCount(start: Self.nine.addingTimeInterval(3_600), version: "v2", predictions: 1, meanPrediction: 5_000),
        ])
        #expect(input.actualsRecorded == 1)
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func aLogLongerThanTwoDaysIsCountedPerUTCDay(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        for day in 0..<4 {
            for record in 0...day {
                try Self.log(
                    test.database, request: "r\(day)", index: record, version: "v1",
                    at: Self.nine.addingTimeInterval(Double(day) * 86_400 + Double(record) * 3_600), prediction: 4_000)
            }
        }
        let input = try Self.snapshot(test.database)
        #expect(input.period == .day)
        let midnight = Self.nine.addingTimeInterval(-9 * 3_600)
        #expect(input.predictions.map(\.start) == (0..<4).map { midnight.addingTimeInterval(Double($0) * 86_400) })
        #expect(input.predictions.map(\.predictions) == [1, 2, 3, 4])
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func aFreshDatabaseReadsAsAnEmptyPageAndAliasMovesShow(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        let board = DatabaseModelBoard(database: test.database)
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "test", createdAt: Self.nine)
        try board.store(card)
        _ = try board.promote(AliasMoveRequest(alias: "production", version: card.version, expectedHolder: nil, reason: "first release"))
        let input = try Self.snapshot(test.database)
        #expect(input.predictions.isEmpty && input.drift.isEmpty && input.performance.isEmpty)
        #expect(input.actualsRecorded == 0)
        #expect(input.aliasHistory.map(\.to) == [card.version])
        #expect(input.aliasHistory.first?.reason == "first release")
    }

    /// A `model_metrics` row; `period` nil is `evaluate`'s, else `penguins monitor`'s for that period.
    static func metric(_ database: any Database, version: String, _ metric: String, _ value: Double, at: Date, period: String?) throws {
        let cast = database.kind == .postgres ? "CAST($5 AS timestamptz)" : "$5"
        try database.execute(
            "INSERT INTO model_metrics (version, metric, value, n, at, period) VALUES ($1, $2, $3, 20, \(cast), $4)",
            [.text(version), .text(metric), .double(value), period.map { .text($0) } ?? .null, .text(stamp(at))])
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func monitorsPerPeriodRowsGoToMonitoringAndEvaluationsStayOnTheModelPage(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        let database = test.database
        try Self.metric(database, version: "v1", "rmse", 310, at: Self.nine, period: nil)
        try Self.metric(database, version: "v1", "rmse", 350, at: Self.nine, period: "hour")
        try Self.metric(database, version: "v1", "predictions", 40, at: Self.nine, period: "hour")
        try Self.metric(database, version: "v1", "mae", 250, at: Self.nine, period: "hour")
        // A later run measures the same hour again, with more actuals in: its value replaces the first.
        try Self.metric(database, version: "v1", "rmse", 340, at: Self.nine, period: "hour")
        try Self.metric(database, version: "v1", "rmse", 330, at: Self.nine.addingTimeInterval(3_600), period: "hour")
        let input = try Self.snapshot(database)
        #expect(input.performance.map(\.metric) == ["mae", "rmse", "rmse"])
        #expect(input.performance.map(\.value) == [250, 340, 330])
        #expect(input.performance.last?.at == Self.nine.addingTimeInterval(3_600))
        let evaluations = try ModelEvaluation.history(on: database)
        #expect(evaluations.map(\.value) == [310], "the model page's history is evaluate's alone")
    }

    /// One `model_drift` row as `penguins monitor` writes it.
    static func drift(
        _ database: any Database, runAt: Date, version: String, feature: String, psi: Double, ksP: Double?, chiP: Double?, verdict: String
    ) throws {
        let cast = { (n: Int) in database.kind == .postgres ? "CAST($\(n) AS timestamptz)" : "$\(n)" }
        let numeric = ksP != nil
        try database.execute(
            """
            INSERT INTO model_drift (run_at, period_start, period_end, version, feature, kind, psi, psi_moderate, psi_major,
                ks_statistic, ks_p_value, wasserstein_std, wasserstein_std_threshold, chi2_p_value, p_value_threshold, drift, live_n, training_n)
            VALUES (\(cast(1)), \(cast(2)), \(cast(1)), $3, $4, $5, $6, 0.1, 0.2, $7, $8, $9, $10, $11, 0.05, $12, 40, 333)
            """,
            [
                .text(stamp(runAt)), .text(stamp(runAt.addingTimeInterval(-86_400))), .text(version), .text(feature),
                .text(numeric ? "numeric" : "categorical"), .double(psi), numeric ? .double(0.8) : .null, ksP.map { .double($0) } ?? .null,
                numeric ? .double(1.7) : .null, numeric ? .double(0.1) : .null, chiP.map { .double($0) } ?? .null, .text(verdict),
            ])
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func theLatestDriftRunIsReadWorstFirstWithItsThresholds(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        let database = test.database
        let earlier = Self.nine, latest = Self.nine.addingTimeInterval(3_600)
        try Self.drift(database, runAt: earlier, version: "v1", feature: "bill_length_mm", psi: 0.01, ksP: 0.7, chiP: nil, verdict: "none")
        try Self.drift(database, runAt: latest, version: "v1", feature: "sex", psi: 0.003, ksP: nil, chiP: 0.8, verdict: "none")
        try Self.drift(database, runAt: latest, version: "v1", feature: "bill_length_mm", psi: 3.2, ksP: 1e-12, chiP: nil, verdict: "major")
        try Self.drift(database, runAt: latest, version: "v1", feature: "species", psi: 0.15, ksP: nil, chiP: 0.02, verdict: "moderate")
        let drift = try Self.snapshot(database).drift
        #expect(drift.map(\.feature) == ["bill_length_mm", "species", "sex"], "the latest run only, worst first")
        #expect(drift.map(\.verdict) == [.major, .moderate, .none])
        let bill = try #require(drift.first)
        #expect(bill.runAt == latest && bill.from == latest.addingTimeInterval(-86_400) && bill.to == latest)
        #expect(bill.psi == .init(value: 3.2, threshold: 0.1, crossed: true) && bill.psiMajorThreshold == 0.2)
        #expect(bill.ksStatistic == 0.8 && bill.ksP == .init(value: 1e-12, threshold: 0.05, crossed: true))
        #expect(bill.wasserstein == .init(value: 1.7, threshold: 0.1, crossed: true))
        #expect(bill.chiSquareP == nil && bill.liveN == 40 && bill.trainingN == 333)
        let sex = try #require(drift.last)
        #expect(sex.chiSquareP == .init(value: 0.8, threshold: 0.05, crossed: false) && sex.ksP == nil && sex.wasserstein == nil)
        #expect(sex.psi.crossed == false)
    }

    @Test(arguments: [DatabaseKind.sqlite, .postgres])
    func liveInputsAreBinnedAsTheCardsProfileBinsThem(kind: DatabaseKind) throws {
        let test = try TestDatabase.migrated(kind)
        defer { test.close() }
        let database = test.database
        let card = try LinearModel.fit(.penguins, to: PenguinsFixture.frame()).card(gatewayVersion: "test", createdAt: Self.nine)
        try DatabaseModelBoard(database: database).store(card)
        guard case .numeric(let bill)? = card.profile?.feature(named: "bill_length_mm") else {
            Issue.record("the card has no numeric profile of bill_length_mm")
            return
        }
        // Values on interior edges (each belongs to the bin above), between them, and beyond both ends.
        let interior = Array(bill.bins.edges.dropFirst().dropLast())
        let values = interior + [bill.bins.edges[0] - 5, 59.5, (interior[0] + interior[1]) / 2]
        let runAt = Self.nine.addingTimeInterval(7_200)
        for (index, value) in values.enumerated() {
            try Self.log(
                database, request: "r\(index)", version: card.version, at: Self.nine.addingTimeInterval(Double(index)), prediction: 4_000,
                billLength: value, species: index % 3 == 0 ? "Chinstrap" : "Adelie", sex: "female")
        }
        // Outside the run's window, and another version's: neither counts.
        try Self.log(database, request: "late", version: card.version, at: runAt.addingTimeInterval(1), prediction: 1, billLength: 59.5)
        try Self.log(database, request: "other", version: "v0", at: Self.nine, prediction: 1, billLength: 59.5)
        try Self.drift(database, runAt: runAt, version: card.version, feature: "bill_length_mm", psi: 2, ksP: 1e-9, chiP: nil, verdict: "major")
        try Self.drift(database, runAt: runAt, version: card.version, feature: "species", psi: 0.3, ksP: nil, chiP: 1e-3, verdict: "major")
        let input = try Self.snapshot(database)
        let numeric = try #require(input.distributions.first { $0.feature == "bill_length_mm" })
        var expected = [Int](repeating: 0, count: bill.bins.count)
        for value in values { expected[bill.bins.bin(of: value)] += 1 }
        #expect(numeric.liveCounts == expected)
        #expect(numeric.bins == .numeric(innerEdges: interior))
        #expect(numeric.trainingShares == bill.shares)
        let species = try #require(input.distributions.first { $0.feature == "species" })
        #expect(species.bins == .categorical(levels: ["Adelie", "Chinstrap", "Gentoo"]))
        let chinstrap = values.indices.filter { $0 % 3 == 0 }.count
        #expect(species.liveCounts == [values.count - chinstrap, chinstrap, 0])
        #expect(abs(species.trainingShares.reduce(0, +) - 1) < 1e-12)
        // The page draws one chart per feature from these.
        var report = try ReportFixture.input(PenguinsFixture.penguins())
        report.monitoring = input
        let site = try ReportFixture.site(report)
        defer { site.remove() }
        let html = try site.html(.monitoring)
        #expect(PageText.svgs(html).filter { $0.contains("id=\"distribution-") }.count == 2)
        #expect(PageText.row(html, startingWith: ["bill_length_mm", "major"]) != nil)
    }
}
