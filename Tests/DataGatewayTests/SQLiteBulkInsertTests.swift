import Logging
import TestSupport
import Testing

@testable import DataGateway

@Suite("SQLite bulk insert")
struct SQLiteBulkInsertTests {
    private let columns = try! [SQLIdentifier("n"), SQLIdentifier("label")]

    private func rows(_ count: Int, badAt bad: Int? = nil) -> [[SQLValue]] {
        (1...count).map { row in [.integer(Int64(row)), row == bad ? .null : .text("row \(row)")] }
    }

    @Test("Rows go in whole batches and a remainder, in order, every value intact")
    func batchesAndRemainder() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL) STRICT")
            #expect(try test.database.copyIn(into: SQLIdentifier("t"), columns: columns, rows: rows(64 * 3 + 5)) == 197)
            let frame = try test.database.readFrame("SELECT n, label FROM t ORDER BY rowid")
            #expect(frame.rowCount == 197)
            #expect(try (0..<197).allSatisfy { try frame.column("n").int64($0) == Int64($0 + 1) && frame.column("label").string($0) == "row \($0 + 1)" })
        }
    }

    @Test("A bad row inside a full batch is named, and the rows before it are written as a row-at-a-time insert would")
    func badRowInBatch() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL) STRICT")
            let error = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: columns, rows: rows(300, badAt: 100))
            }
            #expect(error?.kind == .constraintViolation)
            #expect(error?.row == 100)
            #expect(error?.message.hasPrefix("row 100: NOT NULL constraint failed: t.label") == true, "\(String(describing: error))")
            #expect(try test.database.readFrame("SELECT count(*) AS n, max(n) AS last FROM t").column("last").int64(0) == 99)
        }
    }

    @Test("A connection's kept bulk statements write each call's own rows, and are refused inside readOnly")
    func keptStatements() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL) STRICT")
            let table = try SQLIdentifier("t")
            #expect(try test.database.copyIn(into: table, columns: columns, rows: rows(70)) == 70)
            let second: [[SQLValue]] = (1...66).map { [.integer(Int64(1_000 + $0)), .text("second \($0)")] }
            #expect(try test.database.copyIn(into: table, columns: columns, rows: second) == 66)
            let frame = try test.database.readFrame("SELECT n, label FROM t WHERE n > 1000 ORDER BY rowid")
            #expect(frame.rowCount == 66)
            #expect(try frame.column("label").string(65) == "second 66")
            // The same shapes again, now inside readOnly: the kept statements must not slip past the check.
            let error = #expect(throws: DatabaseError.self) {
                try test.database.readOnly { try test.database.copyIn(into: table, columns: columns, rows: rows(70)) }
            }
            #expect(error?.kind == .writeRefused)
            #expect(try test.database.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 136)
        }
    }

    @Test("A connection with kept bulk statements is freed when its last user lets go, without close()")
    func keptStatementsDoNotKeepTheConnection() throws {
        let directory = try TemporaryDirectory()
        weak var released: SQLiteDatabase?
        do {
            let database = try SQLiteDatabase(path: directory.file("kept.sqlite"), logger: Logger(label: "test"))
            try database.executeScript("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL) STRICT")
            try database.copyIn(into: SQLIdentifier("t"), columns: columns, rows: rows(100))
            released = database
        }
        #expect(released == nil)
    }

    @Test("A row with the wrong number of values is refused with its number")
    func wrongWidth() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER, label TEXT)")
            let error = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: columns, rows: rows(10) + [[.integer(11)]])
            }
            #expect(error?.message == "row 11 has 1 values, but 2 columns were named")
        }
    }
}
