import Foundation
import Logging
import TestSupport
import Testing

@testable import DataGateway

/// CSV migrations go in bulk: into Postgres by binary COPY, each field encoded here in its column's catalog
/// type; into SQLite by multi-row INSERTs bound from the records' bytes.
@Suite("CSV migrations in bulk")
struct CSVBinaryCopyTests {
    private let logger = Logger(label: "test")

    /// Applies `files` (name → contents) to the test's fresh database; returns the migration error, if any.
    private func migrate(_ files: [(String, String)], in test: TestDatabase) throws -> MigrationError? {
        try migrate(files.map { ($0.0, Array($0.1.utf8)) }, in: test)
    }

    /// Applies `files` (name → bytes) to the test's fresh database; returns the migration error, if any.
    private func migrate(_ files: [(String, [UInt8])], in test: TestDatabase) throws -> MigrationError? {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: directory.file(name))) }
        let migrator = Migrator(migrations: try Migration.load(from: directory.path, for: test.database.kind))
        do {
            try migrator.migrate(test.database, logger: logger)
            return nil
        } catch {
            return error
        }
    }

    private static let columns = "n, small, whole, big, single, double, flag, note, label, code, positive"
    /// Every encoded type at its extremes, NULL both ways, white space, signs, and text that needs quoting.
    private static let samples = [
        "n,small,whole,big,single,double,flag,note,label,code,positive",
        "1,-32768,-2147483648,-9223372036854775808,-3.4028235e38,-1.7976931348623157e308,false,\"Pingüino 🐧, \"\"quoted\"\"\",plain,abc,1",
        "2,32767,2147483647,9223372036854775807,3.4028235e38,1.7976931348623157e308,true,\"two\nlines\",é,xy,2147483647",
        "3,,NA,,NA,,NA,,NA,,NA",
        "4,0,0,0,1.17549435e-38,5e-324,yes,\"\",\"NA\",,3",
        "5, -1 ,+7, 00042 ,NaN,-Infinity,  on  ,\"tab\tand \\ backslash\",a,\"b c\",4",
        "6,1,2,3,Infinity,0.1,OFF,\\N,z,q,5",
        "7,-0,-0,-0,-0,-0,t,\"crlf\r\ninside\",y,,6",
        "8,12,-12,1234567890123,1e-45,2.2250738585072014e-308,F,NA text,\"\",w,7",
        "9,7,8,9,0.3,-1.5e300,1,\"a,b\",x,ab ,8",
    ].joined(separator: "\n") + "\n"

    @Test("Every encoded type loads the value the server's own input function gives the same text")
    func roundTripEveryType() throws {
        try withTestDatabase(.postgres) { test in
            let schema = """
                CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
                CREATE TABLE samples (
                    n integer PRIMARY KEY, small smallint, whole integer, big bigint, single real, double double precision,
                    flag boolean, note text, label varchar(20), code char(3), positive positive_int);
                CREATE TABLE as_text (
                    n integer PRIMARY KEY, small text, whole text, big text, single text, double text,
                    flag text, note text, label text, code text, positive text);
                """
            let error = try migrate(
                [("0001_t.sql", schema), ("0002_samples.samples.csv", Self.samples), ("0003_text.as_text.csv", Self.samples)], in: test)
            #expect(error == nil, "\(String(describing: error))")
            #expect(try test.database.query("SELECT count(*) AS n FROM samples").column("n").numeric(0) == 9)
            // The server parses the text copy by its input functions; binary COPY must have given the same values.
            let differing = try test.database.query(
                """
                SELECT count(*) AS n FROM samples AS s JOIN as_text AS t USING (n)
                WHERE s.small IS DISTINCT FROM t.small::smallint OR s.whole IS DISTINCT FROM t.whole::integer
                   OR s.big IS DISTINCT FROM t.big::bigint OR s.single IS DISTINCT FROM t.single::real
                   OR s.double IS DISTINCT FROM t.double::double precision OR s.flag IS DISTINCT FROM t.flag::boolean
                   OR s.note IS DISTINCT FROM t.note OR s.label IS DISTINCT FROM t.label::varchar(20)
                   OR s.code IS DISTINCT FROM t.code::char(3) OR s.positive IS DISTINCT FROM t.positive::positive_int
                   OR (s.double::text = '0') <> (t.double::double precision::text = '0')
                """)
            #expect(try differing.column("n").numeric(0) == 0)

            let frame = try test.database.readFrame("SELECT \(Self.columns) FROM samples ORDER BY n")
            func value(_ column: String, _ row: Int) throws -> SQLValue { sqlValue(try frame.column(column), row) }
            #expect(try value("big", 0) == .integer(.min))
            #expect(try value("big", 1) == .integer(.max))
            #expect(try value("whole", 0) == .integer(Int64(Int32.min)))
            #expect(try value("double", 1) == .double(.greatestFiniteMagnitude))
            #expect(try value("double", 3) == .double(5e-324))
            #expect(try value("double", 5) == .double(0.1))
            #expect(try frame.column("double").numeric(6)?.sign == .minus)
            #expect(try value("note", 0) == .text("Pingüino 🐧, \"quoted\""))
            #expect(try value("note", 1) == .text("two\nlines"))
            #expect(try value("note", 3) == .text(""))
            #expect(try value("label", 3) == .text("NA"))
            #expect(try value("note", 4) == .text("tab\tand \\ backslash"))
            #expect(try value("note", 5) == .text("\\N"))
            #expect(try value("note", 6) == .text("crlf\r\ninside"))
            #expect(try value("code", 8) == .text("ab "))
            #expect((0..<frame.columns.count).dropFirst().allSatisfy { frame.columns[$0].isNull(2) })
            #expect(try value("flag", 4) == .bool(true))
            #expect(try value("flag", 5) == .bool(false))
        }
    }

    @Test("The shipped penguins load the same table as text COPY did")
    func penguinsUnchanged() throws {
        try withMigratedDatabase(.postgres) { test in
            // The count and digest of a `psql \copy … CSV` load of the same file into the same table.
            let digest = try test.database.query(
                """
                SELECT count(*) AS n, md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', species, island, bill_length_mm,
                    bill_depth_mm, flipper_length_mm, body_mass_g, sex, year), E'\\n' ORDER BY id)) AS digest FROM penguins
                """)
            #expect(try digest.column("n").numeric(0) == 344)
            #expect(try digest.column("digest").string(0) == "799810cf61ce650a87980d27743d9fbc")
        }
    }

    @Test(
        "A bad value names the file, the CSV line, the column and the reason, and loads nothing",
        arguments: [
            ("abc", "column whole: invalid input syntax for type integer: \"abc\""),
            ("3000000000", "column whole: value \"3000000000\" is out of range for type integer"),
            ("1.5", "column whole: invalid input syntax for type integer: \"1.5\""),
        ])
    func badValue(field: String, reason: String) throws {
        try withTestDatabase(.postgres) { test in
            let error = try migrate(
                [
                    ("0001_t.sql", "CREATE TABLE t (n integer, note text, whole integer);"),
                    ("0002_rows.t.csv", "n,note,whole\n1,\"a\nb\",10\n2,x,\(field)\n3,y,30\n"),
                ], in: test)
            guard case .csv(file: "0002_rows.t.csv", line: 4, let found)? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 4), got \(String(describing: error))")
                return
            }
            #expect(found == reason)
            #expect(error?.description == "0002_rows.t.csv, line 4: \(reason); nothing was loaded")
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }

    @Test("A float beyond its type's range is refused as the server refuses it")
    func floatOutOfRange() throws {
        try withTestDatabase(.postgres) { test in
            let error = try migrate(
                [("0001_t.sql", "CREATE TABLE t (x double precision, y real);"), ("0002_rows.t.csv", "x,y\n1e300,1\n1,1e39\n")], in: test)
            guard case .csv(file: "0002_rows.t.csv", line: 3, reason: "column y: value \"1e39\" is out of range for type real")? = error else {
                Issue.record("expected the real column's range error on line 3, got \(String(describing: error))")
                return
            }
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }

    @Test("A constraint the database enforces names the CSV line, past quoted newlines and many chunks or batches", arguments: DatabaseKind.allCases)
    func constraintLineAfterManyChunks(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            // Enough rows for several chunks in flight; the multi-line first record shifts lines from row numbers.
            var csv = "n,note,mass\n1,\"first\nrecord\",10\n"
            for n in 2...60_000 { csv += "\(n),note \(n),\(n == 50_000 ? -5 : n)\n" }
            let error = try migrate(
                [
                    ("0001_t.sql", "CREATE TABLE t (n integer PRIMARY KEY, note text NOT NULL, mass integer CHECK (mass > 0));"),
                    ("0002_rows.t.csv", csv),
                ], in: test)
            guard case .csv(file: "0002_rows.t.csv", line: 50_002, let reason)? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 50002), got \(String(describing: error))")
                return
            }
            #expect(reason.contains(kind == .postgres ? "t_mass_check" : "CHECK constraint failed: mass > 0"))
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }

    @Test("Sixty thousand rows in many chunks or batches all arrive, quoted text as written", arguments: DatabaseKind.allCases)
    func manyChunks(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            // A quoted empty field is empty text, not NULL; `""` inside quotes is one quote.
            func note(_ n: Int) -> String { n % 11 == 0 ? "" : n % 5 == 0 ? "say \"hi\" 🐧 \(n)" : "note, \(n)" }
            var csv = "n,note,mass\n"
            for n in 1...60_000 {
                csv += "\(n),\"\(note(n).replacingOccurrences(of: "\"", with: "\"\""))\",\(n % 7 == 0 ? "NA" : String(n))\n"
            }
            let error = try migrate(
                [("0001_t.sql", "CREATE TABLE t (n integer PRIMARY KEY, note text, mass bigint);"), ("0002_rows.t.csv", csv)], in: test)
            #expect(error == nil, "\(String(describing: error))")
            let sums = try test.database.query(
                "SELECT count(*) AS n, sum(mass) AS mass, count(mass) AS present, sum(length(note)) AS text, count(note) AS notes FROM t")
            let expectedMass = (1...60_000).filter { $0 % 7 != 0 }.reduce(0, +)
            #expect(try sums.column("n").numeric(0) == 60_000)
            #expect(try sums.column("mass").numeric(0) == Double(expectedMass))
            #expect(try sums.column("present").numeric(0) == Double((1...60_000).filter { $0 % 7 != 0 }.count))
            #expect(try sums.column("text").numeric(0) == Double((1...60_000).map { note($0).count }.reduce(0, +)))
            #expect(try sums.column("notes").numeric(0) == 60_000)
            let samples = try test.database.query("SELECT note FROM t WHERE n IN (55, 59995, 59999) ORDER BY n")
            #expect(try (0..<3).map { try samples.column("note").string($0) } == [note(55), note(59_995), note(59_999)])
        }
    }

    @Test("A field that is not valid UTF-8 fails with its line and loads nothing", arguments: DatabaseKind.allCases)
    func invalidUTF8(kind: DatabaseKind) throws {
        try withTestDatabase(kind) { test in
            // A Latin-1 "é" (0xE9) in an otherwise ASCII file, as a spreadsheet export might leave it.
            let csv = Array("n,note\n1,caf\u{E9}\n2,ok\n".utf8) + Array("3,caf".utf8) + [0xE9] + Array("\n4,last\n".utf8)
            let error = try migrate([("0001_t.sql", Array("CREATE TABLE t (n integer, note text);".utf8)), ("0002_rows.t.csv", csv)], in: test)
            guard case .csv(file: "0002_rows.t.csv", line: 4, let reason)? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 4), got \(String(describing: error))")
                return
            }
            #expect(reason.contains(kind == .postgres ? "UTF8" : "column note: the text is not valid UTF-8"))
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }

    @Test("A column of a type without a binary encoding loads by text COPY, with the same error rules")
    func textCopyFallback() throws {
        try withTestDatabase(.postgres) { test in
            let schema = "CREATE TABLE t (n integer, amount numeric(8, 2), day date);"
            #expect(try migrate([("0001_t.sql", schema), ("0002_rows.t.csv", "n,amount,day\n1,1.50,2024-02-29\n2,-3,NA\n")], in: test) == nil)
            let frame = try test.database.query("SELECT amount::text AS amount, day::text AS day FROM t ORDER BY n")
            #expect(try frame.column("amount").string(0) == "1.50")
            #expect(try frame.column("day").string(0) == "2024-02-29")
            #expect(try frame.column("day").isNull(1))
        }
        try withTestDatabase(.postgres) { test in
            let error = try migrate(
                [
                    ("0001_t.sql", "CREATE TABLE t (n integer, day date);"),
                    ("0002_rows.t.csv", "n,day\n1,2024-02-29\n2,2024-02-30\n"),
                ], in: test)
            guard case .csv(file: "0002_rows.t.csv", line: 3, _)? = error else {
                Issue.record("expected .csv(file: 0002_rows.t.csv, line: 3), got \(String(describing: error))")
                return
            }
            #expect(try test.database.query("SELECT * FROM t").rowCount == 0)
        }
    }
}
