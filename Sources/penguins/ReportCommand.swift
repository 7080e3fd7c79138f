import ArgumentParser
import DataGateway
import Foundation
import PenguinModel
import PenguinReport

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build the static report site (overview, EDA, model, monitoring) from the live database and the model board.",
        discussion: "The site is self-contained: no JavaScript, no external assets. Open OUT/index.html in a browser.")

    @Option(name: .long, help: "Directory to write the site into.")
    var out = "site"

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let input = try database.readOnly { () throws -> ReportInput in
                let penguins = try Penguins(database.readFrame(Penguins.allRowsQuery))
                let board = try context.board(on: database)
                let history = try board.list()
                let migrationVersion = try MigrationHistory(database: database).latestVersion()
                return ReportInput(
                    penguins: penguins, databaseKind: database.kind, migrationVersion: migrationVersion,
                    servedCard: try history.isEmpty ? nil : context.card(nil, on: database), versionHistory: history,
                    metricsHistory: try ModelEvaluation.history(on: database),
                    monitoring: try MonitoringSnapshot.read(on: database, board: board, migrationVersion: migrationVersion),
                    generatedAt: Date())
            }
            let files = try ReportSite.build(input, into: out)
            print("wrote \(files.count) files to \(out)/; open \(out)/index.html")
        }
    }
}
