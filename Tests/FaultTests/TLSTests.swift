import Foundation
import Testing
import TestSupport

extension Faults {
    /// TLS against a cluster with a throwaway CA whose server certificate names only `localhost`.
    @Suite("TLS")
    struct TLS {
        let run = FaultRun.shared

        @Test("verify-full with PGSSLROOTCERT connects: migrate and load, over an encrypted session")
        func verifyFull() async throws {
            let cluster = try FaultCluster.tls()
            let target = try cluster.freshDatabase()
            let environment = [
                "DATABASE_URL": cluster.url(target.database, host: try FaultCluster.variable("TLS_HOST"), query: "?sslmode=verify-full"),
                "PGSSLROOTCERT": try FaultCluster.variable("TLS_CA"),
            ]
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try await run.succeed(["migrate", "--migrations", PenguinsProcess.migrations], environment, in: directory.path)
            let load = try await run.succeed(["load", "--head", "1"], environment, in: directory.path)
            #expect(load.standardOutput.hasPrefix("344 rows × 9 columns from postgres"), "\(load.standardOutput)")
            let session = try await run.succeed(
                [
                    "load", "--query",
                    "SELECT CASE WHEN ssl THEN 'encrypted-' || version ELSE 'plain' END AS link FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                ], environment, in: directory.path)
            #expect(scalar(session).hasPrefix("encrypted-TLS"), "\(session.standardOutput)")
            run.expectNoArgvLeak()
        }

        /// Each way verification must refuse a server, with the words the error line must hold.
        enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
            case wrongHost = "a certificate for another host name (127.0.0.1 is the same server)"
            case unknownCA = "a certificate from an unknown CA"
            case noRootCertificate = "no root certificate gives the PGSSLROOTCERT/PGSSLMODE hint"
            case remoteWithoutRoot = "a non-local host with no sslmode asks for verify-full: no root certificate, the hint"
            case remoteWithCA = "a non-local host with no sslmode asks for verify-full: the host name is checked"

            var testDescription: String { rawValue }
        }

        @Test("A server verification must refuse gives one error line naming why", arguments: Refusal.allCases)
        func refused(_ refusal: Refusal) async throws {
            let cluster = try FaultCluster.tls()
            let ca = try FaultCluster.variable("TLS_CA")
            let remote = try FaultCluster.variable("TLS_REMOTE_ADDRESS")
            let verifyFull = "?sslmode=verify-full"
            let (url, root, expected): (String, String?, [String]) =
                switch refusal {
                case .wrongHost: (cluster.url("penguins", query: verifyFull), ca, [#"does not match host name "127.0.0.1""#])
                case .unknownCA:
                    (
                        cluster.url("penguins", host: try FaultCluster.variable("TLS_HOST"), query: verifyFull),
                        try FaultCluster.variable("TLS_OTHER_CA"), ["certificate verify failed"]
                    )
                case .noRootCertificate:
                    (
                        cluster.url("penguins", host: try FaultCluster.variable("TLS_HOST"), query: verifyFull), nil,
                        ["root certificate file", "set PGSSLROOTCERT", "PGSSLMODE=require"]
                    )
                case .remoteWithoutRoot: (cluster.url("penguins", host: remote), nil, ["set PGSSLROOTCERT"])
                case .remoteWithCA: (cluster.url("penguins", host: remote), ca, ["does not match host name \"\(remote)\""])
                }
            var environment = ["DATABASE_URL": url]
            environment["PGSSLROOTCERT"] = root
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let line = try await run.penguins(["load"], environment, in: directory.path).singleErrorLine(sentinel: run.sentinel)
            for words in expected {
                #expect(line.contains(words), "\(run.redacted(line))")
            }
            run.expectNoArgvLeak()
        }

        @Test("A non-local host defaults to sslmode=verify-full in config, and PGSSLMODE=require opts out")
        func remoteDefault() async throws {
            let cluster = try FaultCluster.tls()
            let target = try cluster.freshDatabase()
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try await run.succeed(
                ["migrate", "--migrations", PenguinsProcess.migrations], ["DATABASE_URL": cluster.url(target.database)], in: directory.path)
            let url = cluster.url(target.database, host: try FaultCluster.variable("TLS_REMOTE_ADDRESS"))
            let config = try await run.succeed(["config"], ["DATABASE_URL": url], in: directory.path)
            let line = config.standardOutput.split(separator: "\n").first { $0.hasPrefix("DATABASE_URL ") } ?? ""
            #expect(line.contains("sslmode=verify-full"), "\(run.redacted(config.standardOutput))")
            try await run.succeed(["load", "--head", "0"], ["DATABASE_URL": url, "PGSSLMODE": "require"], in: directory.path)
            run.expectNoArgvLeak()
        }
    }
}
