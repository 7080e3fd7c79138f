import DataGateway
import Foundation
import Logging
import Testing

@Suite("Postgres bulk paths")
struct PostgresBulkTests {
    @Test func copyInThenReadFrameReturnsTheRowsExactly() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript(
            """
            CREATE TABLE samples (
                id integer, label text, weight double precision, flag boolean, big bigint, small smallint, ratio real
            )
            """)
        let texts = PostgresQueryTests.awkwardTexts + ["\\N", "\\", "trailing\\"]
        let doubles = PostgresQueryTests.awkwardDoubles
        var rows: [[SQLValue]] = []
        for id in 0..<120 {
            let missing = id % 5 == 3
            rows.append([
                .integer(Int64(id)),
                missing ? .null : .text(texts[id % texts.count]),
                missing ? .null : .double(doubles[id % doubles.count]),
                missing ? .null : .bool(id.isMultiple(of: 2)),
                missing ? .null : .integer(id.isMultiple(of: 2) ? .max - Int64(id) : .min + Int64(id)),
                missing ? .null : .integer(Int64(id) - 60),
                missing ? .null : .double(0.5 + Double(id)),
            ])
        }
        let written = try database.copyIn(
            into: SQLIdentifier("samples"),
            columns: ["id", "label", "weight", "flag", "big", "small", "ratio"].map { try SQLIdentifier($0) },
            rows: rows)
        #expect(written == rows.count)

        let frame = try database.readFrame("SELECT * FROM samples ORDER BY id;")
        #expect(frame.columnNames == ["id", "label", "weight", "flag", "big", "small", "ratio"])
        #expect(frame.columns.map(\.type) == [.int64, .string, .double, .bool, .int64, .int64, .double])
        #expect(frame.rowCount == rows.count)
        for (row, values) in rows.enumerated() {
            for (column, value) in values.enumerated() {
                #expect(sqlValue(frame.columns[column], row) == value, "row \(row) column \(column)")
            }
        }
        // The small-statement path decodes the same bytes the same way.
        #expect(try database.query("SELECT * FROM samples ORDER BY id") == frame)
    }

    @Test func readFrameDecodesEveryType() throws {
        let database = try connectToFreshPostgres()
        let sql = """
            SELECT 1::int2 AS i2, 2::int4 AS i4, 3000000000::int8 AS i8, 'pg_class'::regclass::oid AS o,
                   1.5::float4 AS f4, 0.1::float8 AS f8, true AS yes,
                   DATE '2024-02-29' AS d, TIMESTAMP '1969-07-20 20:17:40.5' AS ts,
                   TIMESTAMPTZ '2000-01-01 00:00:00+02' AS tz,
                   'text'::text AS t, 'varchar'::varchar(20) AS vc, 'ab'::char(4) AS bp, 'name'::name AS nm,
                   '{"a": [1, 2]}'::jsonb AS jb, '{"b":1}'::json AS js,
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, interval '1 day 2 hours' AS span,
                   ARRAY[1, 2] AS arr, NULL::integer AS nothing
            """
        let frame = try database.readFrame(sql)
        #expect(frame.rowCount == 1)
        let expected: [(String, ColumnType, SQLValue)] = [
            ("i2", .int64, 1), ("i4", .int64, 2), ("i8", .int64, 3_000_000_000), ("f4", .double, 1.5),
            ("f8", .double, 0.1), ("yes", .bool, true), ("d", .date, 1_709_164_800.0),
            ("ts", .date, -14_182_939.5), ("tz", .date, 946_677_600.0), ("t", .string, "text"),
            ("vc", .string, "varchar"), ("bp", .string, "ab  "), ("nm", .string, "name"),
            ("jb", .string, "{\"a\": [1, 2]}"), ("js", .string, "{\"b\":1}"),
            ("id", .string, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), ("span", .string, "1 day 02:00:00"),
            ("arr", .string, "{1,2}"), ("nothing", .int64, nil),
        ]
        for (name, type, value) in expected {
            let column = try frame.column(name)
            #expect(column.type == type, "\(name)")
            #expect(sqlValue(column, 0) == value, "\(name)")
        }
        #expect(try frame.column("o").int64(0) == 1259)
        // query() decodes the same binary forms, apart from the types readFrame has the server cast to text.
        let queried = try database.query(sql.replacingOccurrences(of: "AS span", with: "::text AS span")
            .replacingOccurrences(of: "AS arr", with: "::text AS arr"))
        #expect(queried == frame)
    }

    @Test func numericBecomesTheNearestDouble() throws {
        let database = try connectToFreshPostgres()
        let literals = [
            "0", "0.1", "-0.1", "1", "10000", "123.456", "-12345678901234567890.123", "0.00000000000000000001",
            "99999999.99999999", "3.141592653589793238462643383279", "1e300", "-2.5e-300", "9007199254740993",
            "123456789012345678", "0.000001", "100000000000000000000000",
        ]
        let sql = literals.enumerated().map { "'\($1)'::numeric AS n\($0)" }.joined(separator: ", ")
            + ", 'NaN'::numeric AS nan, 'Infinity'::numeric AS inf, '-Infinity'::numeric AS neg_inf, NULL::numeric AS none"
        for frame in [try database.readFrame("SELECT " + sql), try database.query("SELECT " + sql)] {
            for (index, literal) in literals.enumerated() {
                #expect(try frame.column("n\(index)").numeric(0) == Double(literal)!, "\(literal)")
            }
            #expect(try frame.column("nan").numeric(0)?.isNaN == true)
            #expect(try frame.column("inf").numeric(0) == .infinity)
            #expect(try frame.column("neg_inf").numeric(0) == -.infinity)
            #expect(try frame.column("none").isNull(0))
            #expect(try frame.column("none").type == .double)
        }
    }

    @Test func anEmptyResultKeepsItsSchema() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE empty_one (id integer, label text, at timestamptz, amount numeric)")
        let frame = try database.readFrame("SELECT * FROM empty_one -- nothing here")
        #expect(frame.rowCount == 0)
        #expect(frame.columnNames == ["id", "label", "at", "amount"])
        #expect(frame.columns.map(\.type) == [.int64, .string, .date, .double])
    }

    @Test func readFrameStreamsManyRows() throws {
        let database = try connectToFreshPostgres()
        let frame = try database.readFrame(
            "SELECT i AS id, i * 0.5::float8 AS half, 'species_' || (i % 3) AS species, i % 7 = 0 AS lucky"
                + " FROM generate_series(1, 200000) AS i")
        #expect(frame.rowCount == 200_000)
        let ids = try frame.column("id")
        let half = try frame.column("half")
        #expect((0..<frame.rowCount).allSatisfy { ids.int64($0) == Int64($0 + 1) && half.numeric($0) == Double($0 + 1) / 2 })
        #expect(try frame.column("species").distinctStrings() == ["species_0", "species_1", "species_2"])
    }

    @Test func readFrameReportsErrorsAndLeavesTheConnectionUsable() throws {
        let database = try connectToFreshPostgres()
        let midStream = #expect(throws: DatabaseError.self) {
            try database.readFrame("SELECT 1 / (i - 5000) AS x FROM generate_series(1, 10000) AS i")
        }
        #expect(midStream?.kind == .invalidInput)
        #expect(midStream?.sqlState == .divisionByZero)
        let parameters = #expect(throws: DatabaseError.self) { try database.readFrame("SELECT $1::int AS x") }
        #expect(parameters?.kind == .misuse)
        let duplicate = #expect(throws: DatabaseError.self) { try database.readFrame("SELECT 1 AS a, 2 AS a") }
        #expect(duplicate?.kind == .query)
        let syntax = #expect(throws: DatabaseError.self) { try database.readFrame("SELEC 1") }
        #expect(syntax?.sqlState == .syntaxError)
        #expect(try database.readFrame("SELECT 1 AS one").columns[0].int64(0) == 1)
    }

    @Test func aConstraintViolationDuringCopyInNamesTheLine() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE penguins (id integer PRIMARY KEY, body_mass_g integer CHECK (body_mass_g > 0))")
        let rows: [[SQLValue]] = (1...10).map { id in [.integer(Int64(id)), .integer(id == 5 ? -1 : 4000)] }
        let error = #expect(throws: DatabaseError.self) {
            try database.copyIn(
                into: SQLIdentifier("penguins"), columns: [SQLIdentifier("id"), SQLIdentifier("body_mass_g")], rows: rows)
        }
        #expect(error?.kind == .constraintViolation)
        #expect(error?.sqlState?.errorClass == "23")
        #expect(error?.message.contains("COPY penguins, line 5") == true)
        #expect(error?.row == 5)
        #expect(error?.description.contains("\n") == false)
        #expect(try database.query("SELECT count(*) AS n FROM penguins").columns[0].int64(0) == 0)
    }

    @Test func copyInRefusesMalformedRowsAndStaysUsable() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE pairs (a integer, b text)")
        let columns = [try SQLIdentifier("a"), try SQLIdentifier("b")]
        let short = #expect(throws: DatabaseError.self) {
            try database.copyIn(into: SQLIdentifier("pairs"), columns: columns, rows: [[1, "x"], [2]])
        }
        #expect(short?.kind == .invalidInput)
        #expect(short?.message.contains("row 2") == true)
        #expect(short?.row == 2)
        let nul = #expect(throws: DatabaseError.self) {
            try database.copyIn(into: SQLIdentifier("pairs"), columns: columns, rows: [[1, "nul\u{0}byte"]])
        }
        #expect(nul?.kind == .invalidInput)
        let badType = #expect(throws: DatabaseError.self) {
            try database.copyIn(into: SQLIdentifier("pairs"), columns: columns, rows: [["one", "x"]])
        }
        #expect(badType?.kind == .invalidInput)
        #expect(badType?.message.contains("line 1") == true)
        #expect(badType?.row == 1)
        #expect(try database.query("SELECT count(*) AS n FROM pairs").columns[0].int64(0) == 0)
    }

    @Test func copyInStreamsManyChunks() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE wide (id bigint, note text)")
        let count = 100_000
        let rows = (0..<count).lazy.map { id -> [SQLValue] in [.integer(Int64(id)), .text("note\t\(id)\n")] }
        let written = try database.copyIn(
            into: SQLIdentifier("public.wide"), columns: [SQLIdentifier("id"), SQLIdentifier("note")], rows: rows)
        #expect(written == count)
        let frame = try database.query("SELECT count(*) AS n, sum(id) AS total, max(note) AS last FROM wide")
        #expect(frame.columns[0].int64(0) == Int64(count))
        #expect(frame.columns[1].numeric(0) == Double(count * (count - 1) / 2))
        #expect(frame.columns[2].string(0) == "note\t99999\n")
    }
}

/// The value at `row` as the `SQLValue` that would write it, so written and read rows compare directly.
func sqlValue(_ column: Column, _ row: Int) -> SQLValue {
    if column.isNull(row) { return .null }
    switch column.type {
    case .int64: return .integer(column.int64(row)!)
    case .double, .date: return .double(column.numeric(row)!)
    case .bool: return .bool(column.bool(row)!)
    case .string: return .text(column.string(row)!)
    }
}
