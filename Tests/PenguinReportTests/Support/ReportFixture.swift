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
            versionHistory: [served, older], metricsHistory: metrics, generatedAt: generatedAt)
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
