import Foundation
import Testing
import TestSupport

extension Faults {
    /// Failover to a promoted standby with one unchanged DATABASE_URL listing both servers (libpq's
    /// target_session_attrs). The pair of scripts/fault-clusters serves one run: this test promotes the standby.
    @Suite("Failover")
    struct Failover {
        let run = FaultRun.shared

        @Test("read-write picks the primary, prefer-standby the standby; after stop + promote the same URL migrates")
        func failover() async throws {
            let primary = try FaultCluster.named("PENGUINS_TEST_PRIMARY_")
            let standby = try FaultCluster.named("PENGUINS_TEST_STANDBY_")
            let (primaryPort, standbyPort) = (primary.settings.port, standby.settings.port)
            let credentials = "\(primary.settings.user):\(run.sentinel)"
            let hosts = "127.0.0.1:\(primaryPort),127.0.0.1:\(standbyPort)"
            let readWrite = ["DATABASE_URL": "postgresql://\(credentials)@\(hosts)/penguins?target_session_attrs=read-write"]
            let preferStandby = ["DATABASE_URL": "postgresql://\(credentials)@\(hosts)/penguins?target_session_attrs=prefer-standby"]
            let whereAmI = [
                "load", "--query",
                "SELECT inet_server_port() || CASE WHEN pg_is_in_recovery() THEN '-standby' ELSE '-primary' END AS server",
            ]
            let directory = try TemporaryDirectory()
            defer { directory.remove() }

            try await run.succeed(["migrate", "--migrations", PenguinsProcess.migrations], readWrite, in: directory.path)
            #expect(scalar(try await run.succeed(whereAmI, readWrite, in: directory.path)) == "\(primaryPort)-primary")
            // The standby has replayed the migrations once it records as many as the primary.
            let applied = try PostgresTarget(settings: primary.settings, database: "penguins").query("SELECT count(*) FROM schema_migrations")
            let replica = PostgresTarget(settings: standby.settings, database: "penguins")
            var caughtUp = false
            for _ in 0..<300 where !caughtUp {
                caughtUp = (try? replica.query("SELECT count(*) FROM schema_migrations")) == applied
                if !caughtUp { try await Task.sleep(for: .milliseconds(100)) }
            }
            try #require(caughtUp, "the standby never caught up")
            #expect(scalar(try await run.succeed(whereAmI, preferStandby, in: directory.path)) == "\(standbyPort)-standby")
            let load = try await run.succeed(["load", "--head", "0"], preferStandby, in: directory.path)
            #expect(load.standardOutput.hasPrefix("344 rows"), "\(load.standardOutput)")

            // Lose the primary; promote the standby; the same URL must now migrate against it.
            try await testPostgres("halt", primary.settings.socketDirectory)
            try await testPostgres("promote", standby.settings.socketDirectory)
            let migrations = directory.file("migrations")
            try FileManager.default.copyItem(atPath: PenguinsProcess.migrations, toPath: migrations)
            try directory.write("migrations/0099_failover_probe.sql", "CREATE TABLE failover_probe (id integer);\n")
            let after = try await run.succeed(
                ["migrate", "--migrations", migrations], readWrite.merging(["PENGUINS_CONNECT_TIMEOUT": "10"]) { $1 }, in: directory.path)
            #expect(after.standardOutput.contains("applied 0099_failover_probe.sql"), "\(after.standardOutput)")
            #expect(scalar(try await run.succeed(whereAmI, readWrite, in: directory.path)) == "\(standbyPort)-primary")
            run.expectNoArgvLeak()
        }
    }
}
