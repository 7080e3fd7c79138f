import DataGateway
import Foundation
import Logging
import Testing

@Suite("Postgres statements")
struct PostgresQueryTests {
    static let awkwardTexts = [
        "", "plain", "O'Reilly \"quoted\"", "back\\slash \\N \\\\", "tab\there", "new\nline", "cr\r\nlf",
        "ünïcødé 🐧 日本語", "x'); DROP TABLE things; --",
    ]
    static let awkwardDoubles: [Double] = [
        0.1, 1e-300, .leastNonzeroMagnitude, 1.7976931348623157e308, -2.5, .pi, 123456789.123456789, .infinity, -.infinity,
    ]

    @Test func boundParametersRoundTripExactly() throws {
        let database = try connectToFreshPostgres()
        for text in Self.awkwardTexts {
            let frame = try database.query("SELECT $1::text AS t, length($1::text) AS n", [.text(text)])
            #expect(frame.columns[0].string(0) == text)
            #expect(frame.columns[1].int64(0) == Int64(text.unicodeScalars.count))
        }
        for value in Self.awkwardDoubles {
            let frame = try database.query("SELECT $1::float8 AS d", [.double(value)])
            #expect(frame.columns[0].numeric(0) == value)
        }
        let frame = try database.query(
            "SELECT $1::bigint AS big, $2::bigint AS small, $3::bool AS yes, $4::bool AS no, $5::text AS missing,"
                + " $6::integer IS NULL AS missing_is_null",
            [.integer(.max), .integer(.min), .bool(true), .bool(false), .null, .null])
        #expect(frame.columns.map(\.type) == [.int64, .int64, .bool, .bool, .string, .bool])
        #expect(frame.columns[0].int64(0) == .max)
        #expect(frame.columns[1].int64(0) == .min)
        #expect(frame.columns[2].bool(0) == true)
        #expect(frame.columns[3].bool(0) == false)
        #expect(frame.columns[4].isNull(0))
        #expect(frame.columns[5].bool(0) == true)
    }

    @Test func executeBindsParametersAndCountsRows() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript(
            "CREATE TABLE things (id integer PRIMARY KEY, label text, weight double precision, seen boolean);"
                + " CREATE INDEX things_label ON things (label);")
        for (index, text) in Self.awkwardTexts.enumerated() {
            let changed = try database.execute(
                "INSERT INTO things VALUES ($1, $2, $3, $4)",
                [.integer(Int64(index)), .text(text), index.isMultiple(of: 2) ? .null : .double(0.1), .bool(true)])
            #expect(changed == 1)
        }
        #expect(try database.execute("UPDATE things SET seen = $1 WHERE weight IS NULL", [false]) == 5)
        let frame = try database.query("SELECT id, label, weight, seen FROM things ORDER BY id")
        #expect(frame.rowCount == Self.awkwardTexts.count)
        let labels = frame.columns[1]
        #expect((0..<frame.rowCount).map { labels.string($0) } == Self.awkwardTexts)
        #expect(frame.columns[2].isNull(0) && frame.columns[2].numeric(1) == 0.1)
        // The injection-looking text stayed data: the table is still there.
        let found = try database.query("SELECT count(*) AS n FROM things WHERE label = $1", ["x'); DROP TABLE things; --"])
        #expect(found.columns[0].int64(0) == 1)
    }

    @Test func datesAndTimestampsAreSecondsSinceTheUnixEpoch() throws {
        let database = try connectToFreshPostgres()
        let frame = try database.query(
            """
            SELECT DATE '2024-02-29' AS leap_day, DATE '1900-01-01' AS old_day,
                   TIMESTAMP '1969-07-20 20:17:40.5' AS landing, TIMESTAMPTZ '2000-01-01 00:00:00+02' AS zoned,
                   $1::timestamptz AS bound, 'infinity'::date AS forever
            """, ["2024-01-02T03:04:05.25Z"])
        #expect(frame.columns.allSatisfy { $0.type == .date })
        #expect(frame.columns[0].numeric(0) == 1_709_164_800)
        #expect(frame.columns[1].numeric(0) == -2_208_988_800)
        #expect(frame.columns[2].numeric(0) == -14_182_939.5)
        #expect(frame.columns[3].numeric(0) == 946_677_600)
        #expect(frame.columns[4].numeric(0) == 1_704_164_645.25)
        #expect(frame.columns[5].numeric(0) == .infinity)
    }

    @Test func preparedStatementsRunManyTimes() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE scores (id integer PRIMARY KEY, score double precision)")
        let insert = try database.prepare("INSERT INTO scores (id, score) VALUES ($1, $2)")
        for id in 0..<500 {
            #expect(try insert.execute([.integer(Int64(id)), id == 7 ? .null : .double(Double(id) / 10)]) == 1)
        }
        let select = try database.prepare("SELECT id, score FROM scores WHERE id >= $1 ORDER BY id")
        for start in [0, 250, 499] {
            let frame = try select.query([.integer(Int64(start))])
            #expect(frame.rowCount == 500 - start)
            #expect(frame.columns[0].int64(0) == Int64(start))
        }
        #expect(try select.query([7]).columns[1].isNull(0))
        #expect(try select.query([3]).columns[1].numeric(0) == 0.3)
        let error = #expect(throws: DatabaseError.self) { try insert.execute([1]) }
        #expect(error?.kind == .misuse)
        let duplicate = #expect(throws: DatabaseError.self) { try insert.execute([1, 1.0]) }
        #expect(duplicate?.kind == .constraintViolation)
        #expect(duplicate?.sqlState == .uniqueViolation)
    }

    @Test func preparedStatementsAreDeallocatedWhenReleased() throws {
        let database = try connectToFreshPostgres()
        do {
            let statement = try database.prepare("SELECT $1::integer AS x")
            #expect(try statement.query([5]).columns[0].int64(0) == 5)
            #expect(try database.query("SELECT count(*) AS n FROM pg_prepared_statements").columns[0].int64(0) == 1)
        }
        #expect(try database.query("SELECT count(*) AS n FROM pg_prepared_statements").columns[0].int64(0) == 0)
    }

    @Test func transactionsCommitAndRollBack() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript("CREATE TABLE ledger (id integer PRIMARY KEY)")
        let count = { () throws -> Int64? in try database.query("SELECT count(*) AS n FROM ledger").columns[0].int64(0) }

        try database.begin(.deferred)
        try database.execute("INSERT INTO ledger VALUES (1)")
        try database.rollback()
        #expect(try count() == 0)

        try database.begin(.immediate)
        try database.execute("INSERT INTO ledger VALUES (1)")
        try database.commit()
        #expect(try count() == 1)

        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.transaction {
                try database.execute("INSERT INTO ledger VALUES (2)")
                throw Abort()
            }
        }
        #expect(try count() == 1)

        // A failed statement dooms the transaction; COMMIT must not pretend it succeeded.
        try database.begin(.deferred)
        try database.execute("INSERT INTO ledger VALUES (3)")
        #expect(throws: DatabaseError.self) { try database.execute("INSERT INTO ledger VALUES (1)") }
        let error = #expect(throws: DatabaseError.self) { try database.commit() }
        #expect(error?.message.contains("rolled back") == true)
        #expect(try count() == 1)
    }

    @Test func scriptsRunSeveralStatementsAndStopAtTheFirstError() throws {
        let database = try connectToFreshPostgres()
        try database.executeScript(
            """
            CREATE TABLE a (x integer);
            -- a comment
            INSERT INTO a VALUES (1), (2);
            DROP TABLE IF EXISTS missing;
            """)
        #expect(try database.query("SELECT sum(x) AS s FROM a").columns[0].int64(0) == 3)
        let error = #expect(throws: DatabaseError.self) {
            try database.executeScript("INSERT INTO a VALUES (3); SELECT 1/0; INSERT INTO a VALUES (4);")
        }
        #expect(error?.kind == .invalidInput)
        #expect(error?.sqlState == .divisionByZero)
        // A multi-statement script runs as one implicit transaction: the first INSERT was undone too.
        #expect(try database.query("SELECT count(*) AS n FROM a").columns[0].int64(0) == 2)
        let copy = #expect(throws: DatabaseError.self) { try database.executeScript("COPY a TO STDOUT") }
        #expect(copy?.kind == .misuse)
        #expect(try database.query("SELECT count(*) AS n FROM a").columns[0].int64(0) == 2)
    }

    @Test func aTypeOutsideTheDecodedSetNeedsACastInQuery() throws {
        let database = try connectToFreshPostgres()
        let error = #expect(throws: DatabaseError.self) { try database.query("SELECT interval '1 day' AS span") }
        #expect(error?.hint?.contains("span::text") == true)
        #expect(try database.query("SELECT interval '1 day'::text AS span").columns[0].string(0) == "1 day")
    }

    @Test func aWrongParameterCountIsMisuse() throws {
        let database = try connectToFreshPostgres()
        let error = #expect(throws: DatabaseError.self) { try database.query("SELECT $1::int AS a, $2::int AS b", [1]) }
        #expect(error?.kind == .misuse)
        #expect(try database.query("SELECT 1 AS one").rowCount == 1)
    }
}
