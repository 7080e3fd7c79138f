import DataGateway
import Foundation
import PenguinJSON
import Testing
import TestSupport

/// `penguins monitor` as a user runs it, on records `serve` logged: drift against training, exit 3 on major
/// drift, the JSON shape, performance per period against recorded actuals, and bad options.
@Suite("penguins monitor, end to end", .serialized)
struct MonitorCommandTests {
    /// A migrated database with a trained model, served; each test sends its own records through /predict.
    private struct Deployment {
        let directory: TemporaryDirectory
        let target: PostgresTarget?
        let environment: [String: String]
        let server: ServeProcess
        let version: String

        init(engine: String, trainArguments: [String] = ["train"]) async throws {
            directory = try TemporaryDirectory()
            target = engine == "postgres" ? try PostgresTarget.fresh() : nil
            environment = ["DATABASE_URL": target?.url ?? "sqlite:\(directory.path)/penguins.sqlite"]
            for arguments in [["migrate", "--migrations", PenguinsProcess.migrations], trainArguments] {
                let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
                try #require(outcome.status == 0, "\(arguments): \(outcome.standardError)")
            }
            server = try ServeProcess(environment: environment, in: directory.path)
            try await server.waitUntilListening()
            // From /metadata: a /predict would itself be logged.
            let metadata = try await server.get("/metadata")
            guard case .object(let card) = try JSONValue.parse(Data(metadata.body.utf8)), case .string(let served)? = card["version"] else {
                throw ServeFailure(message: "no version in /metadata: \(metadata.body.prefix(300))")
            }
            version = served
        }

        func run(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
            if let target { #expect(!outcome.allOutput.contains(target.password)) }
            return outcome
        }

        /// Posts `records` (JSON objects) to /predict in one request and returns the predictions.
        func predict(_ records: [String]) async throws -> [Double] {
            let response = try await server.post("/predict", json: "[" + records.joined(separator: ",") + "]")
            try #require(response.status == 200, "\(response.body.prefix(500))")
            return try #require(try JSONDecoder().decode([String: [Double]].self, from: Data(response.body.utf8))["predict"])
        }

        /// Waits until the prediction log holds `count` records: the writer works off the request path, in batches.
        func waitUntilLogged(_ count: Int) async throws {
            let query = "SELECT 'logged=' || count(*) AS n FROM prediction_log"
            for _ in 0..<150 {
                if try run(["load", "--query", query]).standardOutput.contains("logged=\(count)\n") { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("the prediction log never held \(count) records: \(try run(["load", "--query", query]).allOutput)")
        }

        func stop() {
            let outcome = server.terminate()
            #expect(outcome.status == 0, "\(outcome.standardError.suffix(2000))")
            directory.remove()
        }
    }

    /// The labs' record in the natural shape.
    private static func record(billLength: Double, species: String, sex: String) -> String {
        #"{"bill_length_mm":\#(billLength),"species":"\#(species)","sex":"\#(sex)"}"#
    }

    /// The complete training rows (bill length, species, sex, body mass), in table order.
    private static func trainingRows() throws -> [(record: String, bodyMass: Double)] {
        let frame = try PenguinsFixture.frame()
        let bill = try frame.column("bill_length_mm"), species = try frame.column("species"), sex = try frame.column("sex")
        let mass = try frame.column("body_mass_g")
        return (0..<frame.rowCount).compactMap { row in
            guard let b = bill.numeric(row), let s = species.string(row), let x = sex.string(row), let m = mass.numeric(row) else { return nil }
            return (record(billLength: b, species: s, sex: x), m)
        }
    }

    private static func driftEntries(_ json: String) throws -> [String: [String: JSONValue]] {
        guard case .object(let report) = try JSONValue.parse(Data(json.utf8)), case .array(let drift)? = report["drift"] else {
            throw ServeFailure(message: "no drift array in \(json.prefix(500))")
        }
        var byFeature: [String: [String: JSONValue]] = [:]
        for case .object(let entry) in drift {
            if case .string(let feature)? = entry["feature"] { byFeature[feature] = entry }
        }
        return byFeature
    }

    @Test("Adelie bill lengths of 55-60 mm: bill_length_mm is major drift, sex is not, exit 3; the JSON holds each statistic with its threshold", arguments: ["sqlite", "postgres"])
    func shiftedInputs(engine: String) async throws {
        let deployment = try await Deployment(engine: engine)
        defer { deployment.stop() }
        // 200 Adelie records, bill lengths spread over 55-60 mm (training Adelie: 32-46 mm), half male, half female.
        let records = (0..<200).map { index in
            Self.record(billLength: 55 + Double(index) * 0.025, species: "Adelie", sex: index.isMultiple(of: 2) ? "male" : "female")
        }
        _ = try await deployment.predict(records)
        try await deployment.waitUntilLogged(200)

        let text = try deployment.run(["monitor", "--since", "1h"])
        #expect(text.status == 3, "\(text.allOutput)")
        let rows = text.standardOutput.split(separator: "\n")
        let bill = try #require(rows.first { $0.hasPrefix("bill_length_mm ") }, "\(text.standardOutput)")
        #expect(bill.hasSuffix("major") && bill.contains(deployment.version) && bill.contains(" 200 "), "\(bill)")
        let sex = try #require(rows.first { $0.hasPrefix("sex ") }, "\(text.standardOutput)")
        #expect(!sex.hasSuffix("major"), "\(sex)")
        #expect(text.standardOutput.contains("PSI (≥0.1 moderate, ≥0.2 major)"), "\(text.standardOutput)")

        let json = try deployment.run(["monitor", "--since", "1h", "--format", "json"])
        #expect(json.status == 3, "\(json.standardError)")
        let drift = try Self.driftEntries(json.standardOutput)
        #expect(Set(drift.keys) == ["bill_length_mm", "species", "sex"])
        let billEntry = try #require(drift["bill_length_mm"])
        #expect(billEntry["version"] == .string(deployment.version))
        #expect(billEntry["drift"] == .string("major"))
        #expect(billEntry["live_n"] == .number(200))
        guard case .object(let psi)? = billEntry["psi"], case .number(let psiValue)? = psi["value"] else {
            Issue.record("no psi value in \(billEntry)")
            return
        }
        #expect(psiValue >= 0.2 && psi["moderate"] == .number(0.1) && psi["major"] == .number(0.2))
        guard case .object(let ks)? = billEntry["ks"], case .number(let pValue)? = ks["p_value"], case .number(let statistic)? = ks["statistic"]
        else {
            Issue.record("no ks statistic in \(billEntry)")
            return
        }
        // No training Adelie is that long: the samples barely overlap.
        #expect(pValue < 0.05 && statistic > 0.5 && ks["threshold"] == .number(0.05))
        guard case .object(let wasserstein)? = billEntry["wasserstein_std"], case .number(let distance)? = wasserstein["value"] else {
            Issue.record("no wasserstein_std in \(billEntry)")
            return
        }
        #expect(distance >= 0.1 && wasserstein["threshold"] == .number(0.1))
        let sexEntry = try #require(drift["sex"])
        #expect(sexEntry["drift"] != .string("major"))
        guard case .object(let chi2)? = sexEntry["chi2"], case .number = chi2["p_value"] else {
            Issue.record("no chi2 p-value in \(sexEntry)")
            return
        }
        #expect(chi2["threshold"] == .number(0.05) && sexEntry["ks"] == nil)

        // Each run appended one row per feature and version to model_drift.
        let stored = try deployment.run([
            "load", "--query", "SELECT 'rows=' || count(*) AS n FROM model_drift WHERE feature = 'bill_length_mm' AND drift = 'major'",
        ])
        #expect(stored.standardOutput.contains("rows=2\n"), "\(stored.allOutput)")

        // Fewer records than --min-records are not judged: the same shifted log is a note, not major drift.
        let tooFew = try deployment.run(["monitor", "--since", "1h", "--min-records", "201"])
        #expect(tooFew.status == 0, "\(tooFew.allOutput)")
        #expect(
            tooFew.standardError.contains("note: no drift for version \(deployment.version): only 200 of its records are in the window; drift is judged from 201"),
            "\(tooFew.standardError)")
    }

    @Test("The training rows themselves: no feature drifts, exit 0; period metrics with actuals match an independent computation", arguments: ["sqlite", "postgres"])
    func unshiftedInputsAndActuals(engine: String) async throws {
        let deployment = try await Deployment(engine: engine)
        defer { deployment.stop() }
        let rows = try Self.trainingRows()
        let predictions = try await deployment.predict(rows.map(\.record))
        try await deployment.waitUntilLogged(rows.count)

        // The actual body masses, joined to the log by record index: the request sent the complete rows in id order.
        let actuals = try deployment.run([
            "monitor", "actuals", "--query",
            """
            SELECT l.request_id, l.record_index, p.body_mass_g AS actual FROM prediction_log l
            JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS i, body_mass_g FROM penguins
                  WHERE bill_length_mm IS NOT NULL AND sex IS NOT NULL AND body_mass_g IS NOT NULL) p ON p.i = l.record_index
            """,
        ])
        #expect(actuals.status == 0, "\(actuals.allOutput)")

        let outcome = try deployment.run(["monitor", "--since", "2h", "--every", "day", "--format", "json"])
        #expect(outcome.status == 0, "\(outcome.allOutput)")
        let drift = try Self.driftEntries(outcome.standardOutput)
        #expect(Set(drift.keys) == ["bill_length_mm", "species", "sex"])
        for (feature, entry) in drift { #expect(entry["drift"] == .string("none"), "\(feature): \(entry)") }

        // RMSE, MAE and R² of the returned predictions against the body masses, computed here.
        let observed = rows.map(\.bodyMass)
        let n = Double(observed.count)
        let errors: [Double] = zip(observed, predictions).map { $0 - $1 }
        let squaredError: Double = errors.map { $0 * $0 }.reduce(0, +)
        let rmse = (squaredError / n).squareRoot()
        let mae: Double = errors.map(abs).reduce(0, +) / n
        let mean: Double = observed.reduce(0, +) / n
        let totalSquares: Double = observed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        let rSquared = 1 - squaredError / totalSquares
        guard case .object(let report) = try JSONValue.parse(Data(outcome.standardOutput.utf8)), case .array(let metrics)? = report["metrics"],
            metrics.count == 1, case .object(let period) = metrics[0]
        else {
            Issue.record("not one period in \(outcome.standardOutput.prefix(1000))")
            return
        }
        #expect(period["version"] == .string(deployment.version) && period["predictions"] == .number(n) && period["actuals"] == .number(n))
        for (name, expected) in [("rmse", rmse), ("mae", mae), ("r_squared", rSquared), ("mean_prediction", predictions.reduce(0, +) / n)] {
            guard case .number(let value)? = period[name] else {
                Issue.record("no \(name) in \(period)")
                continue
            }
            #expect(relativeError(value, expected) < 1e-9, "\(name): \(value) vs \(expected)")
        }
        // Appended to model_metrics, one row per metric, marked with the period.
        let stored = try deployment.run([
            "load", "--query", "SELECT 'rows=' || count(*) AS n FROM model_metrics WHERE period = 'day' AND version = '\(deployment.version)'",
        ])
        #expect(stored.standardOutput.contains("rows=5\n"), "\(stored.allOutput)")
    }

    @Test("An empty log, a version without a training profile and bad options: clear messages", arguments: ["sqlite", "postgres"])
    func messages(engine: String) async throws {
        // A model fitted in the database has no training profile.
        let deployment = try await Deployment(engine: engine, trainArguments: ["train", "--in-database"])
        defer { deployment.stop() }
        let empty = try deployment.run(["monitor", "--since", "30m"])
        #expect(empty.status == 0, "\(empty.allOutput)")
        #expect(empty.standardOutput.hasPrefix("no predictions logged between "), "\(empty.standardOutput)")

        _ = try await deployment.predict([Self.record(billLength: 45, species: "Gentoo", sex: "male")])
        try await deployment.waitUntilLogged(1)
        let unprofiled = try deployment.run(["monitor", "--since", "30m", "--min-records", "1"])
        #expect(unprofiled.status == 0, "\(unprofiled.allOutput)")
        #expect(
            unprofiled.standardError.contains("note: no drift for version \(deployment.version): its card has no training profile"),
            "\(unprofiled.standardError)")
        #expect(unprofiled.standardOutput.contains("no drift measured"))

        for (arguments, message) in [
            (["--since", "5x"], "--since \"5x\" is not a duration: give a whole number and a unit"),
            (["--since", "0h"], "it must be longer than zero"),
            (["--since", "99999d"], "it may be at most 3650d"),
            (["--every", "week"], "--every takes hour or day; got 'week'"),
            (["--format", "xml"], "--format takes text or json; got 'xml'"),
            (["--psi-moderate", "0.3", "--psi-major", "0.2"], "--psi-major 0.2 cannot be used"),
            (["--p-value", "1.5"], "--p-value 1.5 cannot be used"),
            (["--min-records", "0"], "--min-records takes a whole number of at least 1"),
        ] {
            let outcome = try deployment.run(["monitor"] + arguments)
            #expect(outcome.status == 64, "\(arguments): \(outcome.allOutput)")
            #expect(outcome.standardError.contains(message), "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("Fatal error"))
        }
    }
}
