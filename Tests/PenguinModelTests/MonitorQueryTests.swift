import DataGateway
import Foundation
import Logging
import PenguinJSON
import Testing
import TestSupport

@testable import PenguinModel

/// The monitor's queries over a prediction log written here row by row: the window's bounds, the periods,
/// the version filter, and the metrics finished from the database's sums, on both engines.
@Suite("penguins monitor: the prediction log queries")
struct MonitorQueryTests {
    /// 2026-11-30T12:00:00Z: the end of every window here.
    private static let end = Date(timeIntervalSince1970: 1_796_040_000)

    private struct Logged {
        let request: String
        let version: String
        let at: String
        let prediction: Double
        let actual: Double?
        let bill: Double
        let sex: String
    }

    private static let log: [Logged] = [
        // Before the window (it starts at 09:00:00.000) and at its exclusive end.
        Logged(request: "r0", version: "a", at: "2026-11-30T08:59:59.999Z", prediction: 9_999, actual: 1, bill: 99, sex: "male"),
        Logged(request: "r9", version: "a", at: "2026-11-30T12:00:00.000Z", prediction: 9_999, actual: 1, bill: 99, sex: "male"),
        Logged(request: "r1", version: "a", at: "2026-11-30T09:00:00.000Z", prediction: 4_000, actual: 4_100, bill: 40.5, sex: "male"),
        Logged(request: "r2", version: "a", at: "2026-11-30T09:30:00.000Z", prediction: 3_500, actual: 3_300, bill: 40.5, sex: "female"),
        Logged(request: "r3", version: "a", at: "2026-11-30T09:59:59.999Z", prediction: 5_000, actual: nil, bill: 50.25, sex: "female"),
        Logged(request: "r4", version: "a", at: "2026-11-30T11:15:00.000Z", prediction: 4_200, actual: 4_000, bill: 45, sex: "male"),
        Logged(request: "r5", version: "b", at: "2026-11-30T11:45:00.000Z", prediction: 6_000, actual: nil, bill: 60, sex: "male"),
    ]

    private static func write(_ log: [Logged], to database: any Database) throws {
        for row in log {
            let inputs = JSONValue.object(["bill_length_mm": .number(row.bill), "sex": .string(row.sex)]).encoded()
            try database.execute(
                """
                INSERT INTO prediction_log (request_id, record_index, version, predicted_at, latency_seconds, prediction, inputs)
                VALUES ($1, 0, $2, $3, 0.001, $4, \(database.kind == .postgres ? "CAST($5 AS jsonb)" : "$5"))
                """,
                [.text(row.request), .text(row.version), .text(row.at), .double(row.prediction), .text(String(decoding: inputs, as: UTF8.self))])
            if let actual = row.actual {
                try database.execute(
                    "INSERT INTO prediction_actuals (request_id, record_index, actual) VALUES ($1, 0, $2)", [.text(row.request), .double(actual)])
            }
        }
    }

    private static func window(_ every: MonitorWindow.Period) throws -> MonitorWindow {
        MonitorWindow(lookingBack: try Lookback(parsing: "3h"), every: every, endingAt: end)
    }

    @Test("Per hour and version: counts, means, and RMSE, MAE and R² over the records with actuals", arguments: DatabaseKind.allCases)
    func hourlyMetrics(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            try Self.write(Self.log, to: test.database)
            let metrics = try PeriodMetrics.measure(try Self.window(.hour), version: nil, on: test.database)
            #expect(metrics.map(\.version) == ["a", "a", "b"])
            #expect(metrics.map { $0.start.timeIntervalSince1970 } == [1_796_029_200, 1_796_036_400, 1_796_036_400])
            #expect(metrics.map(\.predictions) == [3, 1, 1])
            #expect(metrics.map(\.actuals) == [2, 1, 0])
            let nine = metrics[0]
            #expect(nine.meanPrediction == 12_500.0 / 3)
            // Errors 100 and -200: RMSE √25000, MAE 150; the actuals 4100 and 3300 have 320000 of squares about their mean.
            #expect(relativeError(try #require(nine.rmse), 25_000.0.squareRoot()) < 1e-12)
            #expect(nine.mae == 150)
            #expect(relativeError(try #require(nine.rSquared), 1 - 50_000.0 / 320_000) < 1e-12)
            // One actual: no variance to explain; no actuals: no accuracy at all.
            #expect(metrics[1].rmse == 200 && metrics[1].rSquared == nil)
            #expect(metrics[2].rmse == nil && metrics[2].mae == nil && metrics[2].meanPrediction == 6_000)
        }
    }

    @Test("Per day, one version only; a window with no records is empty", arguments: DatabaseKind.allCases)
    func dailyAndFiltered(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            try Self.write(Self.log, to: test.database)
            let daily = try PeriodMetrics.measure(try Self.window(.day), version: "a", on: test.database)
            #expect(daily.count == 1)
            #expect(daily.first?.start == Date(timeIntervalSince1970: 1_795_996_800))
            #expect(daily.first?.predictions == 4 && daily.first?.actuals == 3)
            let earlier = MonitorWindow(lookingBack: try Lookback(parsing: "1h"), every: .hour, endingAt: Self.end.addingTimeInterval(-86_400))
            #expect(try PeriodMetrics.measure(earlier, version: nil, on: test.database).isEmpty)
            #expect(try PeriodMetrics.measure(try Self.window(.hour), version: "c", on: test.database).isEmpty)
        }
    }

    @Test("Live inputs: each version's numeric values and levels with their counts, inside the window only", arguments: DatabaseKind.allCases)
    func liveInputs(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            try Self.write(Self.log, to: test.database)
            let inputs = try LiveInputs.read(try Self.window(.hour), version: nil, on: test.database)
            #expect(Set(inputs.keys) == ["a", "b"])
            let a = try #require(inputs["a"])
            #expect(a.numbers["bill_length_mm"] == WeightedSample(values: [40.5, 45, 50.25], counts: [2, 1, 1]))
            #expect(a.levels["sex"] == ["male": 2, "female": 2])
            #expect(inputs["b"]?.numbers["bill_length_mm"] == WeightedSample(values: [60], counts: [1]))
            #expect(try LiveInputs.read(try Self.window(.hour), version: "b", on: test.database).keys.sorted() == ["b"])
        }
    }

    @Test("With a second connection, the live inputs are read over it beside the period metrics, with the same results", arguments: DatabaseKind.allCases)
    func alongside(kind: DatabaseKind) throws {
        try withMigratedDatabase(kind) { test in
            try Self.write(Self.log, to: test.database)
            let window = try Self.window(.hour)
            let (metrics, inputs) = try withConnection(try TestDatabase.reopen(test)) { second in
                try MonitorReport.readLog(window, version: nil, on: test.database, alongside: second)
            }
            #expect(metrics == (try PeriodMetrics.measure(window, version: nil, on: test.database)))
            #expect(inputs == (try LiveInputs.read(window, version: nil, on: test.database)))
            // The inputs come from the second connection: one to a database without the log fails as such.
            try withTestDatabase(kind) { unmigrated in
                _ = #expect {
                    try MonitorReport.readLog(window, version: nil, on: test.database, alongside: unmigrated.database)
                } throws: { error in
                    guard case MonitorError.notMigrated = error else { return false }
                    return true
                }
            }
        }
    }

    @Test("On Postgres each monitor query runs with its own work_mem and no parallel workers, and the session keeps its own settings")
    func querySettings() throws {
        try withMigratedDatabase(.postgres) { test in
            let settings = "SELECT current_setting('work_mem') AS memory, current_setting('max_parallel_workers_per_gather') AS workers"
            let before = try test.database.query(settings)
            let during = try MonitorQuery.run(
                "\(settings) WHERE to_timestamp($1) < to_timestamp($2)", window: try Self.window(.hour), version: nil, on: test.database)
            #expect(try during.column("memory").string(0) == MonitorQuery.postgresWorkMemory)
            #expect(try during.column("workers").string(0) == String(MonitorQuery.postgresParallelWorkers))
            let after = try test.database.query(settings)
            for column in ["memory", "workers"] {
                #expect(try after.column(column).string(0) == before.column(column).string(0))
                #expect(try before.column(column).string(0) != during.column(column).string(0))
            }
        }
    }

    @Test("--since: whole numbers of m, h, d or w, positive, at most ten years")
    func lookback() throws {
        #expect(try Lookback(parsing: "30m").seconds == 1_800)
        #expect(try Lookback(parsing: "2w").seconds == 1_209_600)
        for bad in ["", "h", "24", "1.5h", "-1h", "0d", "3651d", "١h", "9223372036854775807w"] {
            #expect(throws: MonitorError.self, "\(bad)") { try Lookback(parsing: bad) }
        }
    }

    @Test("A database migrated before the prediction log: one error that says to migrate")
    func notMigrated() throws {
        try withTestDatabase(.sqlite) { test in
            _ = #expect {
                try PeriodMetrics.measure(try Self.window(.hour), version: nil, on: test.database)
            } throws: { error in
                guard case MonitorError.notMigrated = error else { return false }
                return "\(error)".hasSuffix("run `penguins migrate` to bring them up to date")
            }
        }
    }

    @Test("A database migrated before the log kept inputs in its rows (0009): the same error, not a bare missing column",
        arguments: DatabaseKind.allCases)
    func inputsNotMigrated(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrations = try Migration.load(from: TestDatabase.repositoryMigrations, for: kind)
            _ = try Migrator(migrations: migrations).migrate(test.database, to: 8, logger: Logger(label: "test"))
            _ = #expect {
                try LiveInputs.read(try Self.window(.hour), version: nil, on: test.database)
            } throws: { error in
                guard case MonitorError.notMigrated = error else { return false }
                return "\(error)".contains("inputs")
            }
        }
    }
}
