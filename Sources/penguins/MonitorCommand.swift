import ArgumentParser
import DataGateway
import PenguinModel

/// `penguins monitor`: watching the live model through the prediction log that `serve` writes.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Watch the live model through the prediction log that serve writes.",
        subcommands: [MonitorReportCommand.self, Actuals.self], defaultSubcommand: MonitorReportCommand.self)
}

extension MonitorCommand {
    struct Actuals: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record observed outcomes (ground truth) for logged predictions.",
            discussion: """
                The query must yield \(PredictionActuals.expectedColumns), one row per observed record; it runs \
                read-only. Every row is recorded in prediction_actuals in one transaction (a record's earlier \
                actual is replaced), and the count of rows that match no logged prediction is printed.
                """)

        @Option(name: .long, help: "SQL that yields request_id, record_index and actual.")
        var query: String

        func run() async throws {
            try await CommandContext.withDatabase { _, database in
                let outcome = try PredictionActuals.record(query: query, on: database)
                print("recorded \(counted(outcome.recorded, "actual")); \(outcome.unmatched) matched no logged prediction")
            }
        }
    }
}
