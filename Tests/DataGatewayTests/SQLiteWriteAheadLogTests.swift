import Logging
import TestSupport
import Testing

@testable import DataGateway

/// SQLite files are opened in write-ahead-log mode, so a reader part-way through a read (`penguins monitor`,
/// the report, another replica) and a writer (`serve`'s prediction log) do not wait for each other.
@Suite("SQLite write-ahead log")
struct SQLiteWriteAheadLogTests {
    @Test("A writable file is in WAL mode; a reader's open transaction neither holds up a commit nor sees it")
    func readerAndWriterDoNotWait() throws {
        try withTestDatabase(.sqlite) { test in
            let reader = test.database
            try reader.executeScript("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1)")
            #expect(try reader.readFrame("PRAGMA journal_mode").column("journal_mode").string(0) == "wal")
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            // No busy timeout: with a rollback journal this commit fails with SQLITE_BUSY while the reader reads.
            try withConnection(SQLiteDatabase(path: path, create: false, busyTimeout: .zero, logger: Logger(label: "test"))) { writer in
                try reader.begin(.readOnly)
                #expect(try reader.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 1)
                try writer.execute("INSERT INTO t VALUES (2)")
                #expect(try reader.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 1)
                try reader.commit()
                #expect(try reader.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 2)
            }
        }
    }

    @Test("Opening a rollback-journal file another process is writing waits for its commit, then switches to WAL")
    func switchWaitsForTheWriter() async throws {
        try await withTestDatabase(.sqlite) { test in
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            let holder = test.database
            try holder.executeScript("PRAGMA journal_mode = DELETE; CREATE TABLE t (n INTEGER)")
            try holder.begin(.immediate)
            try holder.execute("INSERT INTO t VALUES (1)")
            // SQLite skips the busy handler when the switch upgrades its read lock, so without a retry of
            // its own this open fails at once with SQLITE_BUSY, long before the holder commits.
            let opening = Task.detached {
                try withConnection(SQLiteDatabase(path: path, create: false, busyTimeout: .seconds(30), logger: Logger(label: "test"))) {
                    try $0.readFrame("PRAGMA journal_mode").column("journal_mode").string(0)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            try holder.commit()
            #expect(try await opening.value == "wal")
        }
    }

    @Test("A writer that outlasts the busy timeout gives one busy error that says what to do")
    func switchGivesUpAtTheBusyTimeout() throws {
        try withTestDatabase(.sqlite) { test in
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            let holder = test.database
            try holder.executeScript("PRAGMA journal_mode = DELETE; CREATE TABLE t (n INTEGER)")
            try holder.begin(.immediate)
            try holder.execute("INSERT INTO t VALUES (1)")
            let error = #expect(throws: DatabaseError.self) {
                try SQLiteDatabase(path: path, create: false, busyTimeout: .milliseconds(50), logger: Logger(label: "test")).close()
            }
            #expect(error?.kind == .busy)
            #expect(error?.description.contains("another process holds the database lock; retry when it is done") == true)
            try holder.rollback()
        }
    }

    @Test("A bulk load into a file nobody else has open writes through a rollback journal; the file is in WAL mode again after")
    func bulkLoadAlone() throws {
        try withTestDatabase(.sqlite) { test in
            let database = test.database
            try database.executeScript("CREATE TABLE t (n INTEGER)")
            let modeDuringLoad = try database.loadingInBulk { () throws -> String? in
                try database.transaction(.immediate) { () throws(DatabaseError) in
                    try database.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000) INSERT INTO t SELECT i FROM r")
                }
                return try Self.journalMode(database)
            }
            #expect(modeDuringLoad == "delete")
            #expect(try Self.journalMode(database) == "wal")
            #expect(try database.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 1000)
        }
    }

    @Test("A bulk load while another connection has the file open stays in WAL mode, and that connection reads meanwhile")
    func bulkLoadBesideAReader() throws {
        try withTestDatabase(.sqlite) { test in
            let path = String(test.url.reveal().dropFirst("sqlite:".count))
            let database = test.database
            try database.executeScript("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1)")
            try withConnection(SQLiteDatabase(path: path, create: false, busyTimeout: .zero, logger: Logger(label: "test"))) { reader in
                let modeDuringLoad = try database.loadingInBulk { () throws -> String? in
                    try database.begin(.immediate)
                    try database.execute("INSERT INTO t VALUES (2)")
                    // No busy timeout: with a rollback journal holding the write lock, this read could fail.
                    #expect(try reader.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 1)
                    try database.commit()
                    return try Self.journalMode(database)
                }
                #expect(modeDuringLoad == "wal")
                #expect(try reader.readFrame("SELECT count(*) AS n FROM t").column("n").int64(0) == 2)
            }
        }
    }

    private static func journalMode(_ database: any Database) throws -> String? {
        try database.readFrame("PRAGMA journal_mode").column("journal_mode").string(0)
    }
}
