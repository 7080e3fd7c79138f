import ArgumentParser
import DataGateway
import Foundation

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Read a query into a typed frame and show its size, schema and first rows.",
        discussion: """
            The query runs read-only: one that would write fails before it changes anything. \
            With --partition-on KEY --partitions N, the key's range is split into N slices read over N \
            connections at once and joined in key order: the same frame as one read, sooner on a bigger server.
            """)

    @Option(name: .long, help: "The SQL query to read.")
    var query = Penguins.allRowsQuery

    @Option(name: .long, help: "How many rows to show.")
    var head = 10

    @Option(name: .long, help: "An integer column of the query to split the read on.")
    var partitionOn: String?

    @Option(name: .long, help: "How many slices (and connections) to read with --partition-on.")
    var partitions = 1

    func validate() throws {
        guard head >= 0 else { throw ValidationError("--head must be 0 or more") }
        guard (1...64).contains(partitions) else { throw ValidationError("--partitions must be from 1 to 64") }
        guard partitionOn != nil || partitions == 1 else { throw ValidationError("--partitions needs --partition-on KEY") }
    }

    func run() async throws {
        try await CommandContext.withDatabase { context, database in
            let started = ContinuousClock.now
            let frame: Frame
            if let partitionOn {
                let read = try PartitionedRead(query: query, key: SQLIdentifier(partitionOn), partitions: partitions)
                frame = try await read.read { try await context.openDatabase() }
            } else {
                frame = try database.readOnly { try database.readFrame(query, progress: LoadProgress()) }
            }
            let seconds = started.duration(to: .now).milliseconds / 1000
            print("\(counted(frame.rowCount, "row")) × \(counted(frame.columns.count, "column")) from \(database.kind) in \(String(format: "%.3f", seconds)) s\n")
            print(frame.schemaDescription + "\n")
            print(frame.head(head))
        }
    }
}
