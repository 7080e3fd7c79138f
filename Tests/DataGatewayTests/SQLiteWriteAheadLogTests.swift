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
}
