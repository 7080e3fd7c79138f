import TestSupport
import Testing

@testable import DataGateway

/// A failed statement's error names the statement, as GRDB's does, and never a parameter value.
@Suite("Database errors name their SQL")
struct DatabaseErrorSQLTests {
    @Test("Every path names the failing statement; the parameters stay out", arguments: [DatabaseKind.sqlite, .postgres])
    func namesTheStatement(_ kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            try test.database.executeScript("CREATE TABLE t (n integer PRIMARY KEY, label text NOT NULL)")
            let secret = generatedSentinel()
            let insert = "INSERT INTO t (n, label) VALUES ($1, $2)"
            try test.database.execute(insert, [1, .text(secret)])

            let duplicate = #expect(throws: DatabaseError.self) { try test.database.execute(insert, [1, .text(secret)]) }
            #expect(duplicate?.sql == insert)
            #expect(duplicate?.description.contains("while running `INSERT INTO t (n, label) VALUES ($1, $2)`") == true)
            #expect(duplicate?.description.contains(secret) == false)

            let prepared = try test.database.prepare(insert)
            let again = #expect(throws: DatabaseError.self) { try prepared.execute([1, .text(secret)]) }
            #expect(again?.sql == insert)
            #expect(again?.description.contains(secret) == false)

            let missing = "SELECT x FROM nowhere"
            #expect(#expect(throws: DatabaseError.self) { try test.database.query(missing) }?.sql == missing)
            #expect(#expect(throws: DatabaseError.self) { try test.database.readFrame(missing) }?.sql == missing)
            #expect(#expect(throws: DatabaseError.self) { try test.database.executeScript(missing) }?.sql == missing)

            let copy = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: [SQLIdentifier("n"), SQLIdentifier("label")], rows: [[2, .null]])
            }
            #expect(copy?.sql?.contains("\"t\"") == true)
        }
    }

    @Test("A long statement is shown on one line, cut short")
    func longStatement() {
        let sql = "SELECT\n" + Array(repeating: "1 +", count: 200).joined(separator: "\n") + " 1"
        let description = DatabaseError(.query, "boom", sql: sql).description
        #expect(description.hasPrefix("boom while running `SELECT 1 + 1 + "))
        #expect(description.hasSuffix("…`"))
        #expect(!description.contains("\n"))
    }
}
