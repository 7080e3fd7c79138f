import ArgumentParser
import DataGateway

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Read a query into a typed frame and show its size, schema and first rows.")

    @Option(name: .long, help: "The SQL query to read.")
    var query = "SELECT * FROM penguins ORDER BY id"

    @Option(name: .long, help: "How many rows to show.")
    var head = 10

    func validate() throws {
        guard head >= 0 else { throw ValidationError("--head must be 0 or more") }
    }

    func run() async throws {
        let context = try await CommandContext.make()
        let database = try await context.openDatabase()
        try await reportingErrors {
            let frame = try database.readFrame(query, progress: LoadProgress())
            print("\(frame.rowCount) rows × \(frame.columns.count) columns from \(database.kind)\n")
            print(frame.schemaDescription + "\n")
            print(frame.head(head))
        }
    }
}
