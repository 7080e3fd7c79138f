import ArgumentParser
import DataGateway
import Foundation
import PenguinJSON
import PenguinModel

/// `penguins monitor`: performance per period and drift per feature of the prediction log, recorded and printed.
struct MonitorReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Measure the prediction log: performance per period and version, drift of every input feature against training.",
        discussion: """
            The default subcommand of `penguins monitor`. Over the log of the last --since, the database \
            computes for every period (--every) and served version the prediction count and mean and, where \
            actuals were recorded (`penguins monitor actuals`), RMSE, MAE and R²; they are appended to \
            model_metrics. For every input feature of every version whose card has a training profile, the \
            live inputs are compared with the training data: numeric features by PSI over the training \
            deciles, the two-sample Kolmogorov-Smirnov test and the Wasserstein distance divided by the \
            training standard deviation; categorical ones by PSI over levels and the chi-square test. The \
            results are appended to model_drift and printed with the thresholds they were judged by.

            Exit codes: 0 when no feature shows major drift (including an empty log), 3 when any feature \
            shows major drift (so cron or CI can alert on it), 1 on an error, 64 on a bad option.
            """)

    @Option(name: .long, help: ArgumentHelp("How far back to read the log: a whole number and m, h, d or w.", valueName: "duration"))
    var since = "24h"

    @Option(name: .long, help: ArgumentHelp("The period of the performance metrics: hour or day (UTC).", valueName: "hour|day"))
    var every = "hour"

    @Option(name: .customLong("version"), help: ArgumentHelp("Only the records this model version answered.", valueName: "version"))
    var modelVersion: String?

    @Option(name: .long, help: ArgumentHelp("text (tables) or json (one object, with one drift entry per feature and version).", valueName: "text|json"))
    var format = "text"

    @Option(name: .long, help: "PSI at or above which drift is moderate.")
    var psiModerate = DriftThresholds.default.psiModerate

    @Option(name: .long, help: "PSI at or above which drift is major.")
    var psiMajor = DriftThresholds.default.psiMajor

    @Option(name: .long, help: "p-value below which the KS and chi-square tests call a feature drifted.")
    var pValue = DriftThresholds.default.pValue

    @Option(name: .long, help: "Wasserstein distance ÷ training standard deviation at or above which a numeric feature drifted.")
    var wassersteinStd = DriftThresholds.default.wassersteinPerStandardDeviation

    @Option(name: .long, help: "The fewest records of a version the window must hold before its drift is judged (fewer land in a few bins whatever the population).")
    var minRecords = MonitorReport.minimumRecords

    func validate() throws {
        do { _ = try Lookback(parsing: since) } catch { throw ValidationError(error.description) }
        guard MonitorWindow.Period(rawValue: every) != nil else { throw ValidationError("--every takes hour or day; got '\(every)'") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format takes text or json; got '\(format)'") }
        do { _ = try thresholds() } catch { throw ValidationError("\(error)") }
        guard minRecords >= 1 else { throw ValidationError("--min-records takes a whole number of at least 1, e.g. 100; got \(minRecords)") }
    }

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let window = MonitorWindow(
                lookingBack: try Lookback(parsing: since), every: MonitorWindow.Period(rawValue: every) ?? .hour, endingAt: Date())
            context.logger.info(
                "measuring the prediction log",
                metadata: ["since": "\(since)", "from": "\(Self.time(window.start))", "every": "\(every)"])
            // A second connection reads the live inputs while the first computes the period metrics.
            let second = try await context.openDatabase()
            defer { second.close() }
            let report = try MonitorReport.measure(
                window, version: modelVersion, thresholds: try thresholds(), minimumRecords: minRecords, board: try context.board(on: database),
                on: database, alongside: second)
            try report.record(on: database)
            for skipped in report.unmeasured {
                FileHandle.standardError.write(Data("note: no drift for version \(skipped.version): \(skipped.reason)\n".utf8))
            }
            print(format == "json" ? String(decoding: Self.json(report).encoded(), as: UTF8.self) : Self.text(report, since: since))
            if report.hasMajorDrift { throw ExitCode(3) }
        }
    }

    private func thresholds() throws(MonitorError) -> DriftThresholds {
        let thresholds = DriftThresholds(psiModerate: psiModerate, psiMajor: psiMajor, wassersteinPerStandardDeviation: wassersteinStd, pValue: pValue)
        try MonitorReport.validate(thresholds)
        return thresholds
    }

    private static func time(_ date: Date) -> String { date.formatted(.iso8601) }

    private static func decimal(_ value: Double?, _ digits: Int = 4) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }

    static func text(_ report: MonitorReport, since: String) -> String {
        let window = report.window
        let scope = "between \(time(window.start)) and \(time(window.end)) (--since \(since))"
        guard !report.metrics.isEmpty else { return "no predictions logged \(scope); nothing to measure" }
        let metrics = TextTable(
            header: ["PERIOD (UTC)", "VERSION", "PREDICTIONS", "MEAN", "ACTUALS", "RMSE", "MAE", "R²"],
            rows: report.metrics.map { period in
                [
                    time(period.start), period.version, String(period.predictions), decimal(period.meanPrediction, 2),
                    String(period.actuals), decimal(period.rmse, 3), decimal(period.mae, 3), decimal(period.rSquared),
                ]
            })
        var text = "predictions \(scope), every \(window.period.rawValue)\n\n\(metrics.rendered)"
        guard let thresholds = report.drift.first?.thresholds else { return text + "\n\nno drift measured" }
        let drift = TextTable(
            header: [
                "FEATURE", "VERSION", "LIVE N", "PSI (≥\(thresholds.psiModerate) moderate, ≥\(thresholds.psiMajor) major)", "KS D",
                "KS p (<\(thresholds.pValue))", "WASSERSTEIN/STD (≥\(thresholds.wassersteinPerStandardDeviation))", "CHI² p (<\(thresholds.pValue))", "DRIFT",
            ],
            rows: report.drift.map { feature in
                var tests = ["-", "-", "-", "-"]
                switch feature.statistics {
                case .numeric(let drift):
                    tests[0...2] = [
                        decimal(drift.kolmogorovSmirnov.statistic), decimal(drift.kolmogorovSmirnov.pValue),
                        decimal(drift.wassersteinPerStandardDeviation),
                    ]
                case .categorical(let drift):
                    tests[3] = decimal(drift.chiSquare.pValue)
                }
                return [feature.feature, feature.version, String(feature.liveCount), decimal(feature.psi)] + tests + [feature.verdict.rawValue]
            })
        text += "\n\ndrift against each version's training data\n\n\(drift.rendered)"
        return text
    }

    static func json(_ report: MonitorReport) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        let metrics = report.metrics.map { period -> JSONValue in
            .object([
                "version": .string(period.version), "period_start": .string(time(period.start)),
                "predictions": .number(Double(period.predictions)), "mean_prediction": .number(period.meanPrediction),
                "actuals": .number(Double(period.actuals)), "rmse": number(period.rmse), "mae": number(period.mae),
                "r_squared": number(period.rSquared),
            ])
        }
        let drift = report.drift.map { feature -> JSONValue in
            let thresholds = feature.thresholds
            var object: [String: JSONValue] = [
                "feature": .string(feature.feature), "version": .string(feature.version),
                "live_n": .number(Double(feature.liveCount)), "training_n": .number(Double(feature.trainingCount)),
                "psi": .object([
                    "value": .number(feature.psi), "moderate": .number(thresholds.psiModerate), "major": .number(thresholds.psiMajor),
                ]),
                "drift": .string(feature.verdict.rawValue),
            ]
            switch feature.statistics {
            case .numeric(let drift):
                object["kind"] = .string("numeric")
                object["ks"] = .object([
                    "statistic": .number(drift.kolmogorovSmirnov.statistic), "p_value": .number(drift.kolmogorovSmirnov.pValue),
                    "threshold": .number(thresholds.pValue),
                ])
                object["wasserstein_std"] = .object([
                    "value": .number(drift.wassersteinPerStandardDeviation), "threshold": .number(thresholds.wassersteinPerStandardDeviation),
                ])
            case .categorical(let drift):
                object["kind"] = .string("categorical")
                object["chi2"] = .object(["p_value": .number(drift.chiSquare.pValue), "threshold": .number(thresholds.pValue)])
            }
            return .object(object)
        }
        return .object([
            "window": .object([
                "start": .string(time(report.window.start)), "end": .string(time(report.window.end)),
                "every": .string(report.window.period.rawValue),
            ]),
            "metrics": .array(metrics), "drift": .array(drift),
            "unmeasured": .array(report.unmeasured.map { .object(["version": .string($0.version), "reason": .string($0.reason)]) }),
        ])
    }
}
