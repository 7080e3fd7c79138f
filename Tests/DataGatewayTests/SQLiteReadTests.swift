import TestSupport
import Testing

@testable import DataGateway

@Suite("SQLite reads")
struct SQLiteReadTests {
    @Test("A value the declared type cannot hold fails the read with the column and row, not a trap")
    func mismatchedStorage() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript(
                """
                CREATE TABLE loose (n INTEGER, x REAL);
                INSERT INTO loose VALUES (1, 1.5), (2, 'two point five'), ('three', 3);
                """)
            #expect(try test.database.readFrame("SELECT n FROM loose WHERE n <> 'three'").rowCount == 2)
            let error = #expect(throws: DatabaseError.self) { try test.database.readFrame("SELECT x FROM loose") }
            #expect(error?.message == "column x is typed double, but row 2 holds text")
            let integer = #expect(throws: DatabaseError.self) { try test.database.readFrame("SELECT n FROM loose") }
            #expect(integer?.message == "column n is typed int64, but row 3 holds text")
            // The connection is usable after the failure.
            #expect(try test.database.readFrame("SELECT count(*) AS rows FROM loose").column("rows").int64(0) == 3)
        }
    }

    @Test("Undeclared columns take their type from the first value; integers meeting a real widen to double")
    func inferredTypes() throws {
        try withTestDatabase(.sqlite) { test in
            let frame = try test.database.readFrame(
                "SELECT column1 AS a, column2 AS b, column3 AS c FROM (VALUES (NULL, 1, NULL), ('x', 2.5, NULL), (NULL, 3, NULL))")
            #expect(try frame.column("a").type == .string && frame.column("a").string(1) == "x" && frame.column("a").isNull(0))
            #expect(try frame.column("b").type == .double && (0..<3).map { try frame.column("b").numeric($0) } == [1, 2.5, 3])
            #expect(try frame.column("c").type == .string && frame.column("c").nullCount == 3)
        }
    }
}
