import DataGateway
import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

/// `serve`'s prediction log as a user runs it: a real process against real Postgres and SQLite, answered
/// records counted on the client side and looked for in the database afterwards.
@Suite("The prediction log, end to end", .serialized)
struct PredictionLogTests {
    /// Two records, one in the natural shape and one in the dummy shape; the second's species and sex are
    /// the reference levels.
    private static let twoRecords =
        #"[{"bill_length_mm":45,"species":"Gentoo","sex":"male"},{"bill_length_mm":39.5,"species_Chinstrap":false,"species_Gentoo":false,"sex_male":false}]"#

    private static func records(_ count: Int) -> String {
        "[" + Array(repeating: #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#, count: count).joined(separator: ",") + "]"
    }

    /// One `/predict` with our own request id on a connection of its own; the status, or nil when the server
    /// could not be reached or gave no answer.
    private static func predict(port: Int, id: String, body: String) async -> Int? {
        guard let connection = try? RawHTTPConnection(port: port) else { return nil }
        let request = "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Request-ID: \(id)\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        guard (try? connection.send(request)) != nil, let response = await connection.readUntilClosed(waiting: .seconds(10)) else { return nil }
        return response.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }

    /// Migrates and trains on `environment`'s database.
    private static func prepare(_ environment: [String: String], in directory: TemporaryDirectory) throws {
        for command in [["migrate", "--migrations", PenguinsProcess.migrations], ["train"]] {
            let outcome = try PenguinsProcess.run(command, environment: environment, in: directory.path)
            try #require(outcome.status == 0, "\(command): \(outcome.standardError)")
        }
    }

    /// `request_id:record_index` of every logged row, each as often as it is logged.
    private static func loggedKeys(_ target: PostgresTarget) throws -> [String] {
        try target.query("SELECT request_id || ':' || record_index FROM prediction_log").split(separator: "\n").map(String.init)
    }

    private static func keys(_ answered: [String: Int]) -> [String] {
        answered.flatMap { id, count in (0..<count).map { "\(id):\($0)" } }
    }

    /// Slow: a cluster of its own, stopped and started again (about 10 s).
    @Test(
        "Postgres stops while serve answers: /predict keeps answering, and afterwards the log holds every answered record once",
        .tags(.slow), .enabled(if: SlowTests.enabled))
    func outage() async throws {
        let cluster = try DedicatedCluster()
        defer { cluster.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": cluster.url]
        try Self.prepare(environment, in: directory)
        let server = try ServeProcess(environment: environment, in: directory.path)
        defer { _ = server.terminate() }
        try await server.waitUntilListening()
        var answered: [String: Int] = [:]
        func send(_ id: String, records: Int) async {
            let status = await Self.predict(port: server.port, id: id, body: Self.records(records))
            #expect(status == 200, "\(id)")
            if status == 200 { answered[id] = records }
        }
        for index in 0..<20 { await send("before-\(index)", records: 1 + index % 5) }
        try cluster.halt()
        for index in 0..<40 { await send("during-\(index)", records: 1 + index % 7) }
        try cluster.resume()
        for index in 0..<20 { await send("after-\(index)", records: 3) }
        let target = PostgresTarget(settings: cluster.settings, database: "penguins")
        let expected = Self.keys(answered).sorted()
        var logged: [String] = []
        for _ in 0..<120 {
            logged = (try? Self.loggedKeys(target)) ?? []
            if logged.count >= expected.count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(logged.sorted() == expected, "\(logged.count) logged rows for \(expected.count) answered records")
        let outcome = server.terminate()
        #expect(outcome.status == 0)
        let warnings = outcome.standardOutput.split(separator: "\n").filter { $0.contains("prediction log: cannot write") }
        #expect(warnings.count == 1, "one warning per outage: \(warnings)")
        #expect(outcome.standardOutput.contains("prediction log: the database takes records again"))
        #expect(!outcome.allOutput.contains(cluster.password))
    }

    @Test("SIGTERM under load: every record a client got 200 for is in the log, once")
    func sigtermUnderLoad() async throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": target.url]
        try Self.prepare(environment, in: directory)
        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        let answered = Answered()
        let port = server.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for index in 0..<100_000 {
                        let id = "load-\(client)-\(index)"
                        let records = 1 + index % 20
                        guard let status = await Self.predict(port: port, id: id, body: Self.records(records)) else { return }
                        if status == 200 { answered.records.withLock { $0[id] = records } }
                    }
                }
            }
            while answered.records.withLock({ $0.count }) < 300 { try await Task.sleep(for: .milliseconds(20)) }
            let outcome = server.terminate()
            #expect(outcome.status == 0, "\(outcome.standardError)")
            try await group.waitForAll()
        }
        let expected = Set(Self.keys(answered.records.withLock { $0 }))
        let logged = try Self.loggedKeys(target)
        #expect(Set(logged).isSuperset(of: expected), "\(expected.subtracting(logged).count) answered records are not in the log")
        #expect(Set(logged).count == logged.count, "no record is logged twice")
        let withInputs = """
            SELECT count(*) FROM prediction_log WHERE jsonb_typeof(inputs -> 'bill_length_mm') = 'number'
            AND jsonb_typeof(inputs -> 'species') = 'string' AND jsonb_typeof(inputs -> 'sex') = 'string'
            """
        #expect(try target.query(withInputs) == String(logged.count), "every record's three inputs are in its row")
    }

    @Test("SQLite: records and their typed inputs are logged; rows past retention are deleted; off logs nothing")
    func sqlite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": "sqlite:\(directory.path)/log.sqlite", "PENGUINS_PREDICTION_LOG_RETENTION_DAYS": "30"]
        try Self.prepare(environment, in: directory)
        let database = try SQLiteDatabase(path: directory.path + "/log.sqlite", create: false, logger: Logger(label: "test"))
        defer { database.close() }
        try database.execute(
            "INSERT INTO prediction_log VALUES ('stale', 0, 'v', '2020-01-01T00:00:00.000Z', 0.001, 4000, '{}'), ('recent', 0, 'v', $1, 0.001, 4000, '{}')",
            [.text(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400)))])

        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        #expect(await Self.predict(port: server.port, id: "typed", body: Self.twoRecords) == 200)
        #expect(server.terminate().status == 0)
        let ids = try database.query("SELECT request_id FROM prediction_log ORDER BY request_id").column("request_id")
        #expect((0..<ids.count).map { ids.string($0) } == ["recent", "typed", "typed"], "the stale row is gone, the recent one kept")
        let inputs = try database.query("SELECT inputs FROM prediction_log WHERE request_id = 'typed' ORDER BY record_index").column("inputs")
        #expect((0..<inputs.count).map { inputs.string($0) } == [
            #"{"bill_length_mm":45,"species":"Gentoo","sex":"male"}"#, #"{"bill_length_mm":39.5,"species":"Adelie","sex":"female"}"#,
        ])

        let off = try ServeProcess(environment: environment.merging(["PENGUINS_PREDICTION_LOG": "off"]) { $1 }, in: directory.path)
        try await off.waitUntilListening()
        #expect(await Self.predict(port: off.port, id: "unlogged", body: Self.twoRecords) == 200)
        #expect(off.terminate().status == 0)
        #expect(try database.query("SELECT count(*) AS n FROM prediction_log WHERE request_id = 'unlogged'").column("n").numeric(0) == 0)
    }

    @Test("monitor actuals records the query's actuals against the log (a repeated request id too), replaces them when run again, and names a bad query's fault")
    func actuals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": "sqlite:\(directory.path)/log.sqlite"]
        try Self.prepare(environment, in: directory)
        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        // A client may send the same X-Request-ID twice: both requests' records are logged under it.
        #expect(await Self.predict(port: server.port, id: "observed", body: Self.twoRecords) == 200)
        #expect(await Self.predict(port: server.port, id: "observed", body: Self.twoRecords) == 200)
        #expect(server.terminate().status == 0)
        func actuals(_ query: String) throws -> PenguinsProcess.Outcome {
            try PenguinsProcess.run(["monitor", "actuals", "--query", query], environment: environment, in: directory.path)
        }
        let first = try actuals(
            "SELECT DISTINCT request_id, record_index, 4000.0 + record_index AS actual FROM prediction_log UNION ALL SELECT 'unknown', 0, 1.5")
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == "recorded 3 actuals; 1 matched no logged prediction\n")
        let again = try actuals("SELECT 'observed' AS request_id, 1 AS record_index, 4100.5 AS actual")
        #expect(again.standardOutput == "recorded 1 actual; 0 matched no logged prediction\n", "\(again.standardError)")
        let database = try SQLiteDatabase(path: directory.path + "/log.sqlite", create: false, logger: Logger(label: "test"))
        defer { database.close() }
        let stored = try database.query("SELECT request_id, record_index, actual FROM prediction_actuals ORDER BY request_id, record_index")
        let values = try stored.column("actual")
        #expect((0..<stored.rowCount).map { values.numeric($0) } == [4000, 4100.5, 1.5])

        for (query, fault) in [
            ("SELECT request_id, prediction AS actual FROM prediction_log", "record_index"),
            ("SELECT request_id, record_index, 'high' AS actual FROM prediction_log", "actual"),
            ("SELECT request_id, record_index, CASE WHEN record_index = 1 THEN NULL ELSE 5.0 END AS actual FROM prediction_log", "null"),
            ("SELEC nonsense", "syntax error"),
            ("DELETE FROM prediction_actuals RETURNING request_id, record_index, actual", "nothing was recorded"),
        ] {
            let outcome = try actuals(query)
            #expect(outcome.status != 0, "\(query)")
            let errors = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 1 && errors[0].contains(fault), "\(query): \(outcome.standardError)")
        }
        #expect(try database.query("SELECT count(*) AS n FROM prediction_actuals").column("n").numeric(0) == 3, "a failed run changes nothing")
    }

    @Test("A full queue drops the new request's records and counts them; a bad setting is one clear error")
    func queueFullAndBadSettings() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": "sqlite:\(directory.path)/log.sqlite", "PENGUINS_PREDICTION_LOG_QUEUE": "5"]
        try Self.prepare(environment, in: directory)
        let server = try ServeProcess(environment: environment, in: directory.path)
        try await server.waitUntilListening()
        #expect(await Self.predict(port: server.port, id: "too-many", body: Self.records(10)) == 200)
        #expect(await Self.predict(port: server.port, id: "fits", body: Self.records(3)) == 200)
        let metrics = try await server.get("/metrics").body
        #expect(metrics.contains("penguins_prediction_log_dropped_total 10"), "\(metrics)")
        #expect(server.terminate().status == 0)
        let database = try SQLiteDatabase(path: directory.path + "/log.sqlite", create: false, logger: Logger(label: "test"))
        defer { database.close() }
        let ids = try database.query("SELECT request_id, count(*) AS n FROM prediction_log GROUP BY request_id")
        #expect(try ids.rowCount == 1 && ids.column("request_id").string(0) == "fits" && ids.column("n").numeric(0) == 3)

        for (name, value) in [("PENGUINS_PREDICTION_LOG", "maybe"), ("PENGUINS_PREDICTION_LOG_RETENTION_DAYS", "0"), ("PENGUINS_PREDICTION_LOG_QUEUE", "1.5")] {
            let outcome = try PenguinsProcess.run(["serve"], environment: environment.merging([name: value]) { $1 }, in: directory.path)
            #expect(outcome.status != 0)
            let errors = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("error: ") }
            #expect(errors.count == 1 && errors[0].contains(name) && errors[0].contains("'\(value)'"), "\(outcome.standardError)")
        }
    }
}

/// The records each answered request held, by request id, filled by the load's clients at once.
private final class Answered: Sendable {
    let records = Mutex<[String: Int]>([:])
}
