import Foundation
import Testing
import TestSupport

extension Faults {
    /// kill -9 of `penguins migrate` in the middle of a 5,000,000-row CSV data migration (as GRDB's crash tests
    /// kill a writer): nothing of the half-done migration may stay, and a plain re-run must finish it.
    @Suite("Crash during a data migration")
    struct Crash {
        let run = FaultRun.shared

        /// PENGUINS_FAULTS_ROWS shrinks the load for a quicker look; scripts/test uses the default.
        static let rows = ProcessInfo.processInfo.environment["PENGUINS_FAULTS_ROWS"].flatMap { Int($0) } ?? 5_000_000

        @Test("Postgres: kill -9 mid-COPY leaves 0 rows and only 0001 recorded; the re-run loads every row")
        func postgres() async throws {
            let cluster = try FaultCluster.tls()
            let target = try cluster.freshDatabase()
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let migrations = try Self.bigMigrations("postgres", in: directory)
            let environment = ["DATABASE_URL": cluster.url(target.database)]
            try await run.succeed(["migrate", "--migrations", migrations, "--to", "1"], environment, in: directory.path)

            var progress = 0
            try await killMigration(migrations, environment, in: directory) {
                // COPY has clearly started (and is far from done).
                progress = Int(try target.query("SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy WHERE datname = current_database()")) ?? 0
                return progress >= 200_000
            }
            #expect(progress < Self.rows, "COPY had finished before the kill")
            #expect(try target.query("SELECT count(*) FROM penguins") == "0")
            #expect(try target.query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations") == "1")

            try await run.succeed(["migrate", "--migrations", migrations], environment, in: directory.path)
            #expect(try target.query("SELECT count(*) FROM penguins") == String(Self.rows))
            #expect(try target.query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations") == "1,2")
            run.expectNoArgvLeak()
        }

        /// Nobody else has the file open, so the load runs with a rollback journal (`SQLiteDatabase.loadingInBulk`):
        /// its uncommitted pages spill into the file itself, and the journal that stays behind is what undoes them.
        @Test("SQLite: kill -9 with the load partly written into the file leaves 0 rows and only 0001 recorded; the re-run loads every row")
        func sqlite() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let (migrations, database, environment) = try await sqliteWithSchemaOnly(in: directory)

            var written = 0
            try await killMigration(migrations, environment, in: directory) {
                written = Self.size(database)
                return Self.loadIsUnderWay(database)
            }
            #expect(FileManager.default.fileExists(atPath: database + "-journal"), "no rollback journal after the kill (\(written) bytes before)")
            try await expectSQLite(rows: "0", versions: "1", environment, in: directory)

            try await run.succeed(["migrate", "--migrations", migrations], environment, in: directory.path)
            try await expectSQLite(rows: String(Self.rows), versions: "1,2", environment, in: directory)
            run.expectNoArgvLeak()
        }

        @Test("SQLite: the CSV truncated mid-load ends migrate with one error line and exit 1, no crash report; 0 rows and only 0001 recorded")
        func truncatedFile() async throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let (migrations, database, environment) = try await sqliteWithSchemaOnly(in: directory)

            // The file is mapped (Migration.load); cut below what the load has read, its next page faults.
            let csv = migrations + "/0002_many_penguins.penguins.csv"
            let (process, outcome) = try await interruptMigration(migrations, environment, in: directory) {
                Self.loadIsUnderWay(database)
            } interrupt: { _ in
                #expect(truncate(csv, 1 << 20) == 0)
            }
            #expect(process.terminationReason == .exit && outcome.status == 1, "\(run.redacted(outcome.standardError))")
            let errors = outcome.standardError.split(separator: "\n").filter { $0.hasPrefix("error:") }
            #expect(errors.count == 1 && errors[0].hasPrefix("error: a migration file was truncated while it was being read"), "\(errors)")
            #expect(!outcome.standardError.contains("Backtrace") && !outcome.standardError.contains("Crash"))
            try await expectSQLite(rows: "0", versions: "1", environment, in: directory)
        }

        /// A SQLite file with only 0001 applied, and the big migrations: where each SQLite case interrupts 0002.
        private func sqliteWithSchemaOnly(
            in directory: TemporaryDirectory
        ) async throws -> (migrations: String, database: String, environment: [String: String]) {
            let migrations = try Self.bigMigrations("sqlite", in: directory)
            let database = directory.file("penguins.sqlite")
            let environment = ["DATABASE_URL": "sqlite:\(database)"]
            try await run.succeed(["migrate", "--migrations", migrations, "--to", "1"], environment, in: directory.path)
            return (migrations, database, environment)
        }

        /// The SQLite file holds `rows` penguins and `schema_migrations` the `versions` listed.
        private func expectSQLite(rows: String, versions: String, _ environment: [String: String], in directory: TemporaryDirectory) async throws {
            let count = ["load", "--query", "SELECT count(*) AS n FROM penguins"]
            #expect(scalar(try await run.succeed(count, environment, in: directory.path)) == rows)
            let history = ["load", "--query", "SELECT group_concat(version, ',') AS versions FROM schema_migrations"]
            #expect(scalar(try await run.succeed(history, environment, in: directory.path)) == versions)
        }

        /// Starts the full migration, waits until `started` says the load is under way, and kills the gateway
        /// itself with SIGKILL.
        private func killMigration(
            _ migrations: String, _ environment: [String: String], in directory: TemporaryDirectory,
            until started: () throws -> Bool
        ) async throws {
            let (process, outcome) = try await interruptMigration(migrations, environment, in: directory, until: started) { process in
                kill(process.processIdentifier, SIGKILL)
            }
            #expect(process.terminationReason == .uncaughtSignal && outcome.status == SIGKILL)
            run.expectNoSentinel(in: outcome.allOutput, "the killed migrate's output")
        }

        /// Starts the full migration, waits (at most 5 minutes) until `started` says the load is under way, then
        /// runs `interrupt` and waits for the process to end.
        private func interruptMigration(
            _ migrations: String, _ environment: [String: String], in directory: TemporaryDirectory,
            until started: () throws -> Bool, interrupt: (Process) -> Void
        ) async throws -> (Process, PenguinsProcess.Outcome) {
            let (process, output, error) = try PenguinsProcess.start(
                ["migrate", "--migrations", migrations], environment: environment.merging(["HOME": run.home]) { $1 },
                in: directory.path)
            let deadline = ContinuousClock.now + .seconds(300)
            var ready = false
            while !ready {
                guard process.isRunning else {
                    let outcome = PenguinsProcess.finish(process, output, error)
                    throw ServeFailure(message: "migrate ended (\(outcome.status)) before it could be interrupted: \(run.redacted(outcome.standardError))")
                }
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    throw ServeFailure(message: "the load never started")
                }
                ready = try started()
                if !ready { try await Task.sleep(for: .milliseconds(200)) }
            }
            interrupt(process)
            return (process, try await offPool { PenguinsProcess.finish(process, output, error) })
        }

        /// The insert transaction is under way once 8 MB of it have spilled into the file, which holds a few
        /// pages of schema before it.
        private static func loadIsUnderWay(_ database: String) -> Bool {
            size(database) >= 8 << 20
        }

        private static func size(_ path: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        }

        /// A migrations directory for `engine`: the repository's 0001 plus the big CSV as 0002.
        private static func bigMigrations(_ engine: String, in directory: TemporaryDirectory) throws -> String {
            let migrations = directory.file("migrations")
            try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: PenguinsProcess.migrations + "/0001_create_penguins.\(engine).sql",
                toPath: migrations + "/0001_create_penguins.\(engine).sql")
            try writeBigCSV(to: migrations + "/0002_many_penguins.penguins.csv")
            return migrations
        }

        /// The `rows`-row penguins CSV with every species, island and sex, some NA.
        private static func writeBigCSV(to path: String) throws {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                throw ServeFailure(message: "cannot create \(path)")
            }
            defer { try? file.close() }
            // The rows repeat with a period of 277,200 (every column's cycle divides it), so one block is made
            // and written as often as needed.
            let period = 277_200
            let species = ["Adelie", "Chinstrap", "Gentoo"]
            let islands = ["Biscoe", "Dream", "Torgersen"]
            var block = ""
            block.reserveCapacity(period * 56)
            for i in 0..<min(period, rows) {
                let bill = i % 280
                let depth = i % 90
                let sex = i % 11 == 0 ? "NA" : (i % 2 == 1 ? "male" : "female")
                block += "\(species[i % 3]),\(islands[(i / 3) % 3]),\(32 + bill / 10).\(bill % 10),\(13 + depth / 10).\(depth % 10),"
                block += "\(172 + i % 60),\(2700 + (i * 7) % 3600),\(sex),\(2007 + i % 3)\n"
            }
            let lines = Data(block.utf8)
            // Line offsets within the block, to cut the last, partial copy at a line boundary.
            var ends: [Int] = []
            ends.reserveCapacity(period)
            for (offset, byte) in lines.enumerated() where byte == UInt8(ascii: "\n") { ends.append(offset + 1) }
            try file.write(contentsOf: Data("species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n".utf8))
            var remaining = rows
            while remaining > 0 {
                let take = min(remaining, ends.count)
                try file.write(contentsOf: take == ends.count ? lines : lines.prefix(ends[take - 1]))
                remaining -= take
            }
        }
    }
}
