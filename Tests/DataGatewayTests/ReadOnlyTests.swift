import Foundation
import TestSupport
import Testing

@testable import DataGateway

@Suite("Reads that cannot write")
struct ReadOnlyTests {
    @Test("Inside readOnly a writing query fails before it changes anything; reads work, and writes work after", arguments: DatabaseKind.allCases)
    func writesAreRefused(kind: DatabaseKind) throws {
        // Written as a call to a method: Swift 6.3.1's SendNonSendable pass crashed on these statements in the closure.
        try withMigratedDatabase(kind) { test in try refusesWrites(test.database) }
    }

    private func refusesWrites(_ database: any Database) throws {
        for sql in ["DELETE FROM penguins WHERE id = 1 RETURNING id", "UPDATE penguins SET year = 1 WHERE id = 1 RETURNING id"] {
            let error = #expect(throws: DatabaseError.self) { try database.readOnly { try database.readFrame(sql) } }
            #expect(error?.kind == .writeRefused, "\(sql): \(String(describing: error))")
            #expect(error?.hint?.contains("`penguins migrate`") == true)
        }
        let read = try database.readOnly { try database.readFrame("SELECT count(*) AS n FROM penguins WHERE id = 1 AND year <> 1") }
        #expect(read.columns[0].numeric(0) == 1)
        #expect(try database.execute("UPDATE penguins SET year = 2008 WHERE id = 1") == 1)
    }

    @Test("SQLite's multi-statement error names no internal function")
    func multiStatementError() throws {
        try withMigratedDatabase(.sqlite) { test in
            let error = #expect(throws: DatabaseError.self) { try test.database.readFrame("SELECT 1; DELETE FROM penguins") }
            #expect(
                error?.description
                    == "the query holds more than one SQL statement while running `SELECT 1; DELETE FROM penguins`; "
                    + "give one statement, without a second one after a ';'")
        }
    }
}
