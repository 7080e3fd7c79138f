import Foundation
import Logging
import TestSupport
import Testing

@testable import DataGateway

@Suite("The 344 penguins round-trip exactly")
struct PenguinsRoundTripTests {
    @Test("Every field of every row matches the CSV, NULLs included", arguments: DatabaseKind.allCases)
    func roundTrip(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            let migrations = TestDatabase.repositoryMigrations
            try Migrator(migrations: try Migration.load(from: migrations, for: kind)).migrate(test.database, logger: Logger(label: "test"))
            let penguins = try Penguins(test.database.readFrame("SELECT * FROM penguins ORDER BY id"))
            let csv = try Data(contentsOf: URL(fileURLWithPath: migrations + "/0002_palmer_penguins.penguins.csv"))
            var reader = try CSVReader(bytes: csv)
            var row = 0
            var nulls = 0
            while let record = reader.next() {
                #expect(penguins.id.int64(row) == Int64(row + 1))
                let columns = [
                    penguins.species, penguins.island, penguins.billLength, penguins.billDepth, penguins.flipperLength,
                    penguins.bodyMass, penguins.sex, penguins.year,
                ]
                for (field, column) in zip(record, columns) {
                    switch field {
                    case .null:
                        nulls += 1
                        #expect(column.isNull(row), "row \(row + 1) \(column.name) should be NULL")
                    case .text(let text) where column.type == .string:
                        #expect(column.string(row) == text)
                    case .text(let text):
                        #expect(column.numeric(row) == Double(text), "row \(row + 1) \(column.name)")
                    default:
                        Issue.record("unexpected CSV value \(field)")
                    }
                }
                row += 1
            }
            #expect(row == 344)
            #expect(penguins.count == 344)
            #expect(nulls == 19)
            #expect(penguins.sex.nullCount == 11)
        }
    }
}
