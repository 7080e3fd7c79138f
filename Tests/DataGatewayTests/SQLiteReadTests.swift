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

    /// 5,000 rows cross the reader's blocks of 2,048: integers outgrow 16 bits in the second block and 32 bits in
    /// the third, the strings outgrow one-byte codes in the first, and an undeclared column is all null for two
    /// blocks, typed integer in the third and widened to double by a real in the middle of it.
    @Test("Reads longer than a block keep every row's value, null and type, in one frame and in batches")
    func rowsAcrossBlocks() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript(
                """
                CREATE TABLE long (n INTEGER, x REAL, s TEXT, b BOOLEAN);
                WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < 4999)
                INSERT INTO long
                SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i < 2500 THEN i - 700 WHEN i < 4500 THEN i * 100000
                            ELSE i * 10000000000 END,
                       CASE WHEN i % 11 = 0 THEN NULL ELSE i / 4.0 END,
                       CASE WHEN i % 13 = 0 THEN NULL ELSE 'label ' || (i % 300) END,
                       CASE WHEN i % 17 = 0 THEN NULL ELSE i % 2 END
                FROM r;
                """)
            let sql = """
                SELECT n, x, s, b, CASE WHEN rowid > 4200 THEN (CASE WHEN rowid = 4400 THEN 0.5 ELSE rowid END) END AS late
                FROM long ORDER BY rowid
                """
            let frame = try test.database.readFrame(sql)
            #expect(frame.rowCount == 5000)
            let (n, x, s, b, late) = try (
                frame.column("n"), frame.column("x"), frame.column("s"), frame.column("b"), frame.column("late"))
            #expect([n.type, x.type, s.type, b.type, late.type] == [.int64, .double, .string, .bool, .double])
            for i in 0..<5000 {
                let number = Int64(i)
                let expectedN: Int64? = i % 7 == 0 ? nil : i < 2500 ? number - 700 : i < 4500 ? number * 100_000 : number * 10_000_000_000
                #expect(n.int64(i) == expectedN, "n at row \(i)")
                #expect(x.numeric(i) == (i % 11 == 0 ? nil : Double(i) / 4), "x at row \(i)")
                #expect(s.string(i) == (i % 13 == 0 ? nil : "label \(i % 300)"), "s at row \(i)")
                #expect(b.bool(i) == (i % 17 == 0 ? nil : i % 2 == 1), "b at row \(i)")
                let rowid = i + 1
                #expect(late.numeric(i) == (rowid <= 4200 ? nil : rowid == 4400 ? 0.5 : Double(rowid)), "late at row \(i)")
            }
            #expect(n.nullCount == 715 && x.nullCount == 455 && s.nullCount == 385 && b.nullCount == 295 && late.nullCount == 4200)

            var offset = 0
            var sizes: [Int] = []
            try test.database.readBatches(sql, rows: 700, progress: nil) { batch in
                sizes.append(batch.rowCount)
                for (column, whole) in zip(batch.columns, frame.columns) {
                    for row in 0..<batch.rowCount where column.displayValue(row) != whole.displayValue(offset + row) {
                        Issue.record("\(column.name) at row \(offset + row): \(column.displayValue(row)) in the batch")
                    }
                }
                offset += batch.rowCount
            }
            #expect(sizes == [700, 700, 700, 700, 700, 700, 700, 100])
        }
    }

    /// 9,000-byte strings: a block's text outgrows its first buffer after a few rows, and passes 16 MiB (where a
    /// block is handed over early) after about 1,860 of its 2,048.
    @Test("Long text moves to larger buffers and ends blocks early, with every value intact")
    func longText() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript(
                """
                CREATE TABLE wide (t TEXT);
                WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i < 2999)
                INSERT INTO wide SELECT printf('%09000d', i) FROM r;
                """)
            let column = try test.database.readFrame("SELECT t FROM wide ORDER BY rowid").column("t")
            #expect(column.count == 3000)
            for i in 0..<3000 {
                let digits = String(i)
                let expected = String(repeating: "0", count: 9000 - digits.count) + digits
                if column.string(i) != expected { Issue.record("row \(i): \(column.string(i)?.suffix(8) ?? "null")") }
            }
        }
    }
}
