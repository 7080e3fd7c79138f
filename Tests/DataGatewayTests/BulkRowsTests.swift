import PenguinLogging
import TestSupport
import Testing

@testable import DataGateway

@Suite("Bulk rows")
struct BulkRowsTests {
    private static let columns = try! ["id", "label", "weight", "at", "doc"].map { try SQLIdentifier($0) }

    /// Integers, awkward texts, doubles, instants and JSON documents, with NULLs in every nullable column.
    private static func createTable(_ kind: DatabaseKind) -> String {
        kind == .postgres
            ? "CREATE TABLE t (id integer NOT NULL, label text, weight double precision, at timestamptz, doc jsonb)"
            : "CREATE TABLE t (id INTEGER NOT NULL, label TEXT, weight REAL, at TEXT, doc TEXT) STRICT"
    }

    /// Row `row`'s instant: three rows in a row share one, as the requests a busy server answers within one
    /// millisecond do.
    private static func stamp(_ row: Int) -> LogTimestamp {
        LogTimestamp(seconds: 1_764_000_000 + row / 3 * 86_399, milliseconds: row / 3 * 37 % 1_000)
    }

    private static func label(_ row: Int) -> String? {
        row % 7 == 3 ? nil : PostgresQueryTests.awkwardTexts[row % PostgresQueryTests.awkwardTexts.count]
    }

    private static func weight(_ row: Int) -> Double? {
        row % 7 == 3 ? nil : PostgresQueryTests.awkwardDoubles[row % PostgresQueryTests.awkwardDoubles.count]
    }

    private static func document(_ row: Int) -> String {
        #"{"n":\#(row),"s":"a \"quote\" and a \\ in row \#(row)"}"#
    }

    private static func rows(_ count: Int) -> BulkRows {
        var rows = BulkRows(columns: columns.count)
        for row in 0..<count {
            rows.append(Int64(row))
            if let label = label(row) { rows.append(label) } else { rows.appendNull() }
            if let weight = weight(row) { rows.append(weight) } else { rows.appendNull() }
            rows.append(stamp(row))
            if row % 7 == 3 {
                rows.appendNull()
            } else {
                rows.appendText { text in text.write(document(row)) }
            }
        }
        return rows
    }

    @Test(
        "Every value arrives as appended, in whole batches and a remainder: texts where they lie, instants shared by several rows",
        arguments: DatabaseKind.allCases)
    func valuesArriveExactly(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            try test.database.executeScript(Self.createTable(kind))
            let count = 64 * 2 + 22
            #expect(try test.database.copyIn(into: SQLIdentifier("t"), columns: Self.columns, rows: Self.rows(count)) == count)
            let sql =
                kind == .postgres
                ? """
                SELECT id, label, weight, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                       (doc->>'n')::int8 AS n, doc->>'s' AS s FROM t ORDER BY id
                """
                : "SELECT id, label, weight, at, doc->>'n' AS n, doc->>'s' AS s FROM t ORDER BY id"
            let frame = try test.database.readFrame(sql)
            #expect(frame.rowCount == count)
            for row in 0..<count {
                #expect(try frame.column("id").int64(row) == Int64(row))
                #expect(try sqlValue(frame.column("label"), row) == Self.label(row).map(SQLValue.text) ?? .null, "row \(row)")
                #expect(try sqlValue(frame.column("weight"), row) == Self.weight(row).map(SQLValue.double) ?? .null, "row \(row)")
                #expect(try frame.column("at").string(row) == Self.stamp(row).text, "row \(row)")
                let missing = row % 7 == 3
                #expect(try frame.column("n").int64(row) == (missing ? nil : Int64(row)), "row \(row)")
                #expect(try frame.column("s").string(row) == (missing ? nil : #"a "quote" and a \ in row \#(row)"#), "row \(row)")
            }
        }
    }

    @Test("Rows emptied for the next write hold only what is appended after, a repeated instant included", arguments: DatabaseKind.allCases)
    func reusedAfterRemoveAll(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            try test.database.executeScript(Self.createTable(kind))
            var rows = Self.rows(70)
            try test.database.copyIn(into: SQLIdentifier("t"), columns: Self.columns, rows: rows)
            rows.removeAll()
            #expect(rows.rowCount == 0)
            // The first row of the second write has the last row's instant, whose text the first write held; a
            // long first label writes over where that text was.
            let padding = String(repeating: "x", count: 20_000)
            for row in 69..<72 {
                rows.append(Int64(1_000 + row))
                rows.append(row == 69 ? padding : "second \(row)")
                rows.appendNull()
                rows.append(Self.stamp(row))
                rows.appendNull()
            }
            #expect(try test.database.copyIn(into: SQLIdentifier("t"), columns: Self.columns, rows: rows) == 3)
            let at = kind == .postgres ? #"to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"# : "at"
            let frame = try test.database.query("SELECT label, \(at) AS at FROM t WHERE id >= 1000 ORDER BY id", [])
            #expect(try (0..<frame.rowCount).map { try frame.column("label").string($0) } == [padding, "second 70", "second 71"])
            #expect(try (0..<frame.rowCount).map { try frame.column("at").string($0) } == (69..<72).map { Self.stamp($0).text })
        }
    }

    @Test(
        "An error in a later piece of a sequence names the row by its place in the whole sequence, and nothing of that piece is kept",
        arguments: DatabaseKind.allCases)
    func rowNumbersAcrossPieces(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            try test.database.executeScript("CREATE TABLE p (id integer NOT NULL CHECK (id <> 1005), label text)")
            let (table, columns) = (try SQLIdentifier("p"), try ["id", "label"].map { try SQLIdentifier($0) })
            var rows = BulkRows(columns: 2)
            for id in 0..<70 {
                rows.append(Int64(id))
                rows.append("first \(id)")
            }
            #expect(try test.database.copyIn(into: table, columns: columns, rows: rows) == 70)
            rows.removeAll()
            for id in 1_000..<1_010 {
                rows.append(Int64(id))
                rows.append("second")
            }
            let error = #expect(throws: DatabaseError.self) {
                try test.database.transaction(.immediate) { () throws(DatabaseError) in
                    try test.database.copyIn(into: table, columns: columns, rows: rows)
                }
            }
            #expect(error?.kind == .constraintViolation)
            #expect(error?.row == 76)
            if kind == .sqlite { #expect(error?.message.hasPrefix("row 76: CHECK constraint failed") == true, "\(String(describing: error))") }
            #expect(try test.database.query("SELECT count(*) AS n FROM p", []).column("n").int64(0) == 70)
        }
    }

    @Test("Postgres has a binary form for each of these columns' types and the values appended to them, so it parses none")
    func postgresTakesBinary() throws {
        try withTestDatabase(.postgres) { test in
            let database = try #require(test.database as? PostgresDatabase)
            try database.executeScript(Self.createTable(.postgres))
            try database.copyIn(into: SQLIdentifier("t"), columns: Self.columns, rows: Self.rows(5))
            let encodings = try database.columnEncodings(of: SQLIdentifier("t"), columns: Self.columns, PostgresBulkEncoding.init(oid:))
            #expect(encodings == [.int4, .text, .float8, .timestamp, .jsonb])
            #expect(Self.rows(5).fit([.int4, .text, .float8, .timestamp, .jsonb]))
        }
    }

    @Test("A value without an exact binary form goes by text COPY, and the server judges it and names its row")
    func postgresFallsBackToText() throws {
        try withTestDatabase(.postgres) { test in
            try test.database.executeScript("CREATE TABLE n (id integer NOT NULL, amount numeric NOT NULL)")
            let columns = try ["id", "amount"].map { try SQLIdentifier($0) }
            // numeric has no binary form here: the doubles go as text, and arrive as the numbers they spell.
            var fine = BulkRows(columns: 2)
            for row in 0..<3 {
                fine.append(Int64(row))
                fine.append(0.25 + Double(row))
            }
            #expect(try test.database.copyIn(into: SQLIdentifier("n"), columns: columns, rows: fine) == 3)
            #expect(try test.database.query("SELECT sum(amount)::float8 AS total FROM n", []).column("total").numeric(0) == 3.75)
            // An integer beyond `integer`'s range: the server's own error, naming the row, and nothing written.
            var beyond = BulkRows(columns: 2)
            for row in 0..<3 {
                beyond.append(row == 1 ? 3_000_000_000 : Int64(row))
                beyond.append(Double(1))
            }
            let error = #expect(throws: DatabaseError.self) {
                try test.database.transaction(.immediate) { () throws(DatabaseError) in
                    try test.database.copyIn(into: SQLIdentifier("n"), columns: columns, rows: beyond)
                }
            }
            #expect(error?.message.contains("out of range for type integer") == true, "\(String(describing: error))")
            #expect(error?.row == 2)
            #expect(try test.database.query("SELECT count(*) AS n FROM n", []).column("n").int64(0) == 3)
        }
    }

    @Test("A bad row in a SQLite batch or the remainder is named, and the rows before it are written", arguments: [5, 64 + 5, 140])
    func sqliteNamesTheBadRow(badRow: Int) throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (id INTEGER NOT NULL CHECK (id != \(badRow)), label TEXT NOT NULL) STRICT")
            var rows = BulkRows(columns: 2)
            for row in 1...150 {
                rows.append(Int64(row))
                rows.append("row \(row)")
            }
            let error = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: [SQLIdentifier("id"), SQLIdentifier("label")], rows: rows)
            }
            #expect(error?.kind == .constraintViolation)
            #expect(error?.row == badRow)
            #expect(error?.message.hasPrefix("row \(badRow): CHECK constraint failed") == true, "\(String(describing: error))")
            #expect(try test.database.query("SELECT max(id) AS last FROM t", []).column("last").int64(0) == Int64(badRow - 1))
        }
    }

    @Test("Rows that do not match the columns named, or end in an unfinished row, are refused before anything is written", arguments: DatabaseKind.allCases)
    func mismatchRefused(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            try test.database.executeScript("CREATE TABLE t (id integer, label text)")
            let columns = try ["id", "label"].map { try SQLIdentifier($0) }
            var unfinished = BulkRows(columns: 2)
            unfinished.append(Int64(1))
            unfinished.append("one")
            unfinished.append(Int64(2))
            let partial = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: columns, rows: unfinished)
            }
            #expect(partial?.message == "row 2 has 1 of its 2 values")
            let narrow = #expect(throws: DatabaseError.self) {
                try test.database.copyIn(into: SQLIdentifier("t"), columns: Array(columns.prefix(1)), rows: BulkRows(columns: 2))
            }
            #expect(narrow?.message == "the rows have 2 columns, but 1 columns were named")
            #expect(try test.database.query("SELECT count(*) AS n FROM t", []).column("n").int64(0) == 0)
        }
    }
}
