import Logging
import TestSupport
import Testing

@testable import DataGateway

/// SQLite errors are told apart by their extended result codes, which callers can match on by name.
@Suite("SQLite error codes")
struct SQLiteErrorCodeTests {
    @Test("Constraint failures carry the extended code of the constraint that failed")
    func constraintCodes() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript(
                "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER UNIQUE, parent INTEGER REFERENCES parent (id));"
                    + " INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);")
            let orphan = #expect(throws: DatabaseError.self) { try test.database.execute("INSERT INTO child VALUES (2, 9)") }
            #expect(orphan?.resultCode == .constraintForeignKey)
            #expect(orphan?.resultCode?.primary == .constraint)
            #expect(orphan?.kind == .constraintViolation)
            let duplicate = #expect(throws: DatabaseError.self) { try test.database.execute("INSERT INTO child VALUES (1, 1)") }
            #expect(duplicate?.resultCode == .constraintUnique)
        }
    }

    @Test("A write through a read-only connection is SQLITE_READONLY")
    func readOnlyConnection() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER)")
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            try withConnection(SQLiteDatabase(path: "file:\(path)?mode=ro", create: false, logger: Logger(label: "test"))) { reader in
                let error = #expect(throws: DatabaseError.self) { try reader.execute("INSERT INTO t VALUES (1)") }
                #expect(error?.resultCode?.primary == .readOnly)
                #expect(error?.kind == .permissionDenied)
            }
        }
    }

    @Test("A write while another connection holds the write lock is SQLITE_BUSY")
    func busy() throws {
        try withTestDatabase(.sqlite) { test in
            try test.database.executeScript("CREATE TABLE t (n INTEGER)")
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            try withConnection(SQLiteDatabase(path: path, create: false, busyTimeout: .zero, logger: Logger(label: "test"))) { other in
                try test.database.begin(.immediate)
                let error = #expect(throws: DatabaseError.self) { try other.execute("INSERT INTO t VALUES (1)") }
                try test.database.rollback()
                #expect(error?.resultCode?.primary == .busy)
                #expect(error?.kind == .busy)
            }
        }
    }
}
