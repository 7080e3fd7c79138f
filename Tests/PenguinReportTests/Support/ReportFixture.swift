import DataGateway
import Foundation
import PenguinModel
@testable import PenguinReport

/// A report input as the CLI would gather it, from a frame instead of a database: a board of two versions
/// of `formula` fitted on the frame (the newer one served) and a few evaluations, at fixed times so pages
/// are reproducible.
enum ReportFixture {
    static let generatedAt = Date(timeIntervalSince1970: 1_764_147_600)  // 2025-11-26T09:00:00Z

    static func input(_ penguins: Penguins, kind: DatabaseKind = .sqlite, formula: Formula = .penguins) throws -> ReportInput {
        let model = try LinearModel.fit(formula, to: penguins.frame)
        let served = try model.card(gatewayVersion: "0.1.0-test", createdAt: generatedAt.addingTimeInterval(-3_600))
        let older = try model.card(gatewayVersion: "0.0.9-test", createdAt: generatedAt.addingTimeInterval(-10 * 86_400))
        let metrics = (0..<4).flatMap { day in
            let at = generatedAt.addingTimeInterval(Double(day - 4) * 86_400)
            let version = day < 2 ? older.version : served.version
            return [
                MetricPoint(version: version, metric: "rmse", value: model.summary.rootMeanSquaredError + Double(day) * 4.5, n: 333, at: at),
                MetricPoint(version: version, metric: "r2", value: model.summary.rSquared - Double(day) * 0.004, n: 333, at: at),
            ]
        }
        return ReportInput(
            penguins: penguins, databaseKind: kind, migrationVersion: 3, servedCard: served,
            versionHistory: [served, older], metricsHistory: metrics,
            monitoring: monitoring(older: older.version, served: served.version), generatedAt: generatedAt)
    }

    /// Six hours of logged predictions, the older version handing over to the served one in the third;
    /// accuracy per hour; a drift run that finds bill length shifted (major) and the categories steady; two alias moves.
    static func monitoring(older: String, served: String) -> MonitoringInput {
        let hour = 3_600.0
        let start = generatedAt.addingTimeInterval(-6 * hour)
        var predictions: [PeriodCount] = []
        for index in 0..<6 {
            let at = start.addingTimeInterval(Double(index) * hour)
            if index <= 2 { predictions.append(PeriodCount(start: at, version: older, predictions: 40 - 10 * index, meanPrediction: 4_200 + Double(index))) }
            if index >= 2 { predictions.append(PeriodCount(start: at, version: served, predictions: 25 + 5 * index, meanPrediction: 4_350 + Double(index))) }
        }
        let performance = (0..<6).flatMap { index in
            let version = index <= 2 ? older : served
            let at = start.addingTimeInterval(Double(index) * hour)
            return [
                MetricPoint(version: version, metric: "rmse", value: 300 + Double(index) * 12, n: 20, at: at),
                MetricPoint(version: version, metric: "mae", value: 240 + Double(index) * 9, n: 20, at: at),
            ]
        }
        let runAt = generatedAt.addingTimeInterval(-60)
        let from = runAt.addingTimeInterval(-86_400)
        func finding(_ feature: String, psi: Double, ks: Double?, ksP: Double?, wasserstein: Double?, chiP: Double?, verdict: DriftFinding.Verdict) -> DriftFinding {
            DriftFinding(
                feature: feature, version: served, runAt: runAt, from: from, to: runAt,
                psi: .init(value: psi, threshold: 0.1, crossed: psi >= 0.1), psiMajorThreshold: 0.2, ksStatistic: ks,
                ksP: ksP.map { .init(value: $0, threshold: 0.05, crossed: $0 < 0.05) },
                wasserstein: wasserstein.map { .init(value: $0, threshold: 0.1, crossed: $0 >= 0.1) },
                chiSquareP: chiP.map { .init(value: $0, threshold: 0.05, crossed: $0 < 0.05) }, verdict: verdict,
                liveN: 120, trainingN: 333)
        }
        let drift = [
            finding("bill_length_mm", psi: 4.87, ks: 0.912, ksP: 3.1e-9, wasserstein: 2.316, chiP: nil, verdict: .major),
            finding("sex", psi: 0.004, ks: nil, ksP: nil, wasserstein: nil, chiP: 0.61, verdict: .none),
            finding("species", psi: 0.132, ks: nil, ksP: nil, wasserstein: nil, chiP: 0.031, verdict: .moderate),
        ]
        let edges = [36.2, 37.6, 38.9, 40.6, 42.8, 45.2, 46.5, 47.8, 49.5]
        let distributions = [
            FeatureDistribution(
                feature: "bill_length_mm", version: served, bins: .numeric(innerEdges: edges),
                trainingShares: [Double](repeating: 0.1, count: 10), liveCounts: [0, 0, 0, 0, 0, 0, 2, 4, 10, 104]),
            FeatureDistribution(
                feature: "sex", version: served, bins: .categorical(levels: ["female", "male"]),
                trainingShares: [0.495, 0.505], liveCounts: [58, 62]),
            FeatureDistribution(
                feature: "species", version: served, bins: .categorical(levels: ["Adelie", "Chinstrap", "Gentoo"]),
                trainingShares: [0.438, 0.204, 0.357], liveCounts: [70, 15, 35]),
        ]
        let moves = [
            AliasMove(
                sequence: 1, alias: "production", from: nil, to: older, at: start.addingTimeInterval(-86_400), by: "penguins_login",
                reason: "first release", evaluation: nil, previousRMSE: nil),
            AliasMove(
                sequence: 2, alias: "production", from: older, to: served, at: start.addingTimeInterval(2 * hour), by: "penguins_login",
                reason: "retrained on the 2009 season", evaluation: nil, previousRMSE: 301.2),
        ]
        return MonitoringInput(
            predictions: predictions, period: .hour, actualsRecorded: 120, performance: performance, drift: drift,
            distributions: distributions, aliasHistory: moves)
    }

    /// Builds the fixture site into a fresh temporary directory.
    static func site(_ input: ReportInput) throws -> BuiltSite {
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("penguins-report-\(UUID().uuidString)")
        let files = try ReportSite.build(input, into: directory)
        return BuiltSite(directory: directory, files: files)
    }
}

/// A site written to disk, read back page by page.
struct BuiltSite {
    let directory: String
    let files: [String]

    var pages: [String] { files.filter { $0.hasSuffix(".html") } }

    func html(_ page: SitePage) throws -> String {
        try String(contentsOfFile: (directory as NSString).appendingPathComponent(page.fileName), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
