import ArgumentParser
import DataGateway
import Foundation
import PenguinModel
import PenguinReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the static report site (overview, EDA, model) from the live database and the model board.",
        discussion: "The site is self-contained: no JavaScript, no external assets. Open OUT/index.html in a browser.")

    @Option(name: .long, help: "Directory to write the site into.")
    var out = "site"

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let input = try database.readOnly { () throws -> ReportInput in
                let penguins = try DataGateway.Penguins(database.readFrame("SELECT * FROM penguins ORDER BY id"))
                let history = try context.settings.modelBoard.board(on: database).list()
                return ReportInput(
                    penguins: penguins, databaseKind: database.kind, migrationVersion: try latestMigration(database),
                    servedCard: try history.isEmpty ? nil : context.card(nil, on: database), versionHistory: history,
                    metricsHistory: try metrics(database), generatedAt: Date())
            }
            let files = try ReportSite.build(input, into: out)
            print("wrote \(files.count) files to \(out)/; open \(out)/index.html")
        }
    }

    private func latestMigration(_ database: any Database) throws -> Int? {
        try database.query("SELECT MAX(version) AS version FROM schema_migrations").column("version").numeric(0).map { Int($0) }
    }

    /// Evaluations from `model_metrics`, oldest first.
    private func metrics(_ database: any Database) throws -> [MetricPoint] {
        let frame = try database.query("SELECT version, metric, value, n, at FROM model_metrics ORDER BY at, id")
        let version = try frame.column("version"), metric = try frame.column("metric"), value = try frame.column("value")
        let n = try frame.column("n"), at = try frame.column("at")
        return (0..<frame.rowCount).map { row in
            MetricPoint(
                version: version.string(row) ?? "", metric: metric.string(row) ?? "", value: value.numeric(row) ?? .nan,
                n: Int(n.numeric(row) ?? 0), at: Self.date(at, row))
        }
    }

    /// `at` is a timestamp on Postgres and ISO 8601 text on SQLite.
    private static func date(_ column: Column, _ row: Int) -> Date {
        if let seconds = column.numeric(row) { return Date(timeIntervalSince1970: seconds) }
        return column.string(row).flatMap { try? Date($0, strategy: .iso8601) } ?? .distantPast
    }
}
