import ArgumentParser
import DataGateway

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show every resolved setting and where it came from, with secrets redacted.")

    func run() async throws {
        let context = try await CommandContext.make()
        let rows = context.settings.resolved.map { [$0.key.environmentName, $0.displayValue, $0.source] }
        print(TextTable(header: ["SETTING", "VALUE", "SOURCE"], rows: rows).rendered)
    }
}
