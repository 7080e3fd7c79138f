import ArgumentParser
import DataGateway

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show every resolved setting and where it came from, with secrets redacted.",
        discussion: "The last rows are the variables that say where settings come from: they are read from the environment only.")

    func run() async throws {
        let context = try await CommandContext.make()
        let rows = context.settings.resolved.map { [$0.key.environmentName, $0.displayValue, $0.source] }
            + context.settings.sourceVariables.map { [$0.variable.rawValue, $0.displayValue, $0.source] }
        print(TextTable(header: ["SETTING", "VALUE", "SOURCE"], rows: rows).rendered)
    }
}
