import Foundation
import Testing
import TestSupport

extension Faults {
    /// The run's sentinel as the password (and API key) of every command, failure path and served route, at log
    /// level trace: it must appear in no output, log, response, report page, server log or argv.
    @Suite("Secrets")
    struct Secrets {
        let run = FaultRun.shared

        /// Where the password comes from.
        enum PasswordSource: String, CaseIterable, Sendable {
            case url = "DATABASE_URL"
            case file = "DATABASE_URL_FILE"
            case passwordFile = "PGPASSWORD_FILE"
        }

        /// Where models are kept.
        enum Board: String, CaseIterable, Sendable {
            case database
            case file
        }

        static let commands: [[String]] = [
            ["config"], ["migrate", "--migrations", PenguinsProcess.migrations], ["migrate", "status", "--migrations", PenguinsProcess.migrations],
            ["migrate", "verify", "--migrations", PenguinsProcess.migrations], ["migrate", "--dry-run", "--migrations", PenguinsProcess.migrations],
            ["load"], ["load", "--partition-on", "id", "--partitions", "2", "--head", "1"], ["train"], ["train", "--in-database"],
            ["models", "list"], ["models", "show"], ["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"], ["score"],
            ["score", "--in-database"], ["evaluate"], ["report"],
        ]

        @Test("Every command succeeds at log level trace, and prints no sentinel", arguments: PasswordSource.allCases, Board.allCases)
        func everyCommand(_ source: PasswordSource, _ board: Board) async throws {
            let cluster = try FaultCluster.tls()
            let target = try cluster.freshDatabase()
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            var environment = ["PENGUINS_LOG_LEVEL": "trace", "PENGUINS_MODEL_BOARD": board == .database ? "database" : "file:\(directory.file("board"))"]
            switch source {
            case .url: environment["DATABASE_URL"] = cluster.url(target.database)
            case .file: environment["DATABASE_URL_FILE"] = try directory.write("database_url", cluster.url(target.database) + "\n")
            case .passwordFile:
                environment["DATABASE_URL"] = "postgresql://\(target.user)@\(target.host):\(target.port)/\(target.database)"
                environment["PGPASSWORD_FILE"] = try directory.write("pgpassword", run.sentinel + "\n")
            }
            let busy = run.sampler.busy
            let site = directory.file("site")
            for command in Self.commands {
                try await run.succeed(command + (command == ["report"] ? ["--out", site] : []), environment, in: directory.path)
            }
            #expect(FileManager.default.fileExists(atPath: site + "/index.html"), "the report site was not written")
            #expect(run.expectNoSentinel(inFilesUnder: site) > 1)
            #expect(run.sampler.busy > busy, "the argv sampler never saw a penguins process running")
            run.expectNoArgvLeak()
        }

        /// Configurations that must fail, each with the sentinel somewhere in it.
        enum FailurePath: String, CaseIterable, Sendable {
            case wrongPassword, unreachable, scheme, badPort, badSSLMode, badEscape, quoteEscape, space, keyValueUnterminated
            case keyValueBadOption, looseURLFile, bothURLAndFile, passwordFileAndPassword, loosePasswordFile, dotenvUnreachable
            case secretsDirectoryUnreachable
        }

        @Test("A failing configuration gives one error line and no sentinel", arguments: FailurePath.allCases)
        func failurePath(_ path: FailurePath) async throws {
            let cluster = try FaultCluster.tls()
            let port = cluster.settings.port
            let sentinel = run.sentinel
            let secrets = try TemporaryDirectory()
            defer { secrets.remove() }
            try FileManager.default.createDirectory(atPath: secrets.file("dir"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let login = "postgresql://penguins_login:\(sentinel)@127.0.0.1:\(port)/penguins"
            let environment: [String: String] =
                switch path {
                case .wrongPassword: ["DATABASE_URL": "postgresql://penguins_login:\(sentinel)x@127.0.0.1:\(port)/penguins"]
                case .unreachable: ["DATABASE_URL": "postgresql://penguins_login:\(sentinel)@127.0.0.1:1/penguins"]
                case .scheme: ["DATABASE_URL": "mysql://root:\(sentinel)@db/penguins"]
                case .badPort: ["DATABASE_URL": "postgresql://penguins_login:\(sentinel)@127.0.0.1:notaport/penguins"]
                case .badSSLMode: ["DATABASE_URL": login + "?sslmode=bogus"]
                case .badEscape: ["DATABASE_URL": "postgresql://penguins_login:%zz\(sentinel)@127.0.0.1:\(port)/penguins"]
                case .quoteEscape: ["DATABASE_URL": "postgresql://penguins_login:a\"\(sentinel)%zz@127.0.0.1:\(port)/penguins"]
                case .space: ["DATABASE_URL": "postgresql://penguins_login:a\"\(sentinel) @127.0.0.1:\(port)/penguins"]
                case .keyValueUnterminated: ["DATABASE_URL": "host=127.0.0.1 port=\(port) password='\(sentinel)"]
                case .keyValueBadOption: ["DATABASE_URL": "host=127.0.0.1 port=\(port) password=a\"\(sentinel)\" bogus=1"]
                case .looseURLFile: ["DATABASE_URL_FILE": try secrets.write("loose_url", login + "\n", mode: 0o644)]
                case .bothURLAndFile: ["DATABASE_URL": login, "DATABASE_URL_FILE": try secrets.write("database_url", login + "\n")]
                case .passwordFileAndPassword:
                    [
                        "DATABASE_URL": "postgresql://penguins_login@127.0.0.1:\(port)/penguins",
                        "PGPASSWORD_FILE": try secrets.write("pgpassword", sentinel + "\n"), "PGPASSWORD": sentinel,
                    ]
                case .loosePasswordFile:
                    [
                        "DATABASE_URL": "postgresql://penguins_login@127.0.0.1:\(port)/penguins",
                        "PGPASSWORD_FILE": try secrets.write("pgpassword", sentinel + "\n", mode: 0o644),
                    ]
                case .dotenvUnreachable:
                    ["PENGUINS_ENV_FILE": try secrets.write("dotenv", "DATABASE_URL=\"postgresql://penguins_login:\(sentinel)@127.0.0.1:1/penguins\"\n")]
                case .secretsDirectoryUnreachable:
                    ["PENGUINS_SECRETS_DIR": try secrets.write("dir/database_url", "postgresql://penguins_login:\(sentinel)@127.0.0.1:1/penguins")]
                }
            let outcome = try await run.penguins(
                ["load"], environment.merging(["PENGUINS_LOG_LEVEL": "trace", "PENGUINS_CONNECT_TIMEOUT": "1"]) { $1 }, in: secrets.path)
            outcome.singleErrorLine(sentinel: sentinel)
            if path == .badPort || path == .badSSLMode {
                #expect(!outcome.standardError.contains("retrying"), "a bad option was retried as if the server were down")
            }
            run.expectNoArgvLeak()
        }

        @Test("Least-privilege refusals as a reader whose password is a sentinel: one error line, permission denied")
        func readerRefusals() async throws {
            let cluster = try FaultCluster.tls()
            let target = try cluster.freshDatabase()
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            // The owner migrates and trains, so that the reader's `score` gets as far as writing the scores.
            let owner = ["DATABASE_URL": cluster.url(target.database)]
            try await run.succeed(["migrate", "--migrations", PenguinsProcess.migrations], owner, in: directory.path)
            try await run.succeed(["train"], owner, in: directory.path)
            let reader = "sweep_reader_\(UInt32.random(in: .min ... .max))"
            try target.superuserSQL("CREATE ROLE \(reader) LOGIN PASSWORD '\(run.sentinel)r'; GRANT penguins_reader TO \(reader);")
            let environment = [
                "DATABASE_URL": "postgresql://\(reader):\(run.sentinel)r@127.0.0.1:\(target.port)/\(target.database)", "PENGUINS_LOG_LEVEL": "trace",
            ]
            let score = try await run.penguins(["score"], environment, in: directory.path).singleErrorLine(sentinel: run.sentinel)
            #expect(score.contains("permission denied"), "\(run.redacted(score))")
            let migrations = directory.file("migrations")
            try FileManager.default.copyItem(atPath: PenguinsProcess.migrations, toPath: migrations)
            try directory.write("migrations/0099_probe.sql", "CREATE TABLE sweep_probe (id integer);\n")
            let migrate = try await run.penguins(["migrate", "--migrations", migrations], environment, in: directory.path)
                .singleErrorLine(sentinel: run.sentinel)
            #expect(migrate.contains("permission denied"), "\(run.redacted(migrate))")
            run.expectNoArgvLeak()
        }

        @Test("serve with a sentinel password and API key: every route, an outage and recovery, SIGTERM")
        func serving() async throws {
            let cluster = try DedicatedCluster()
            defer { cluster.stop() }
            try PostgresTarget(settings: cluster.settings, database: "postgres")
                .superuserSQL("ALTER ROLE \(cluster.settings.user) PASSWORD '\(run.sentinel)';")
            let url = "postgresql://\(cluster.settings.user):\(run.sentinel)@127.0.0.1:\(cluster.settings.port)/penguins"
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            // The key and the request headers are mode-600 files; curl reads the header from a file (-H @FILE),
            // so the key reaches no argv either.
            let keys = try directory.write("api_keys", run.sentinel + "k\n")
            let key = try directory.write("authorization", "Authorization: Bearer \(run.sentinel)k\n")
            let wrongKey = try directory.write("wrong_authorization", "Authorization: Bearer \(run.sentinel)x\n")
            let environment = ["DATABASE_URL": url, "PENGUINS_LOG_LEVEL": "trace"]
            try await run.succeed(["migrate", "--migrations", PenguinsProcess.migrations], environment, in: directory.path)
            try await run.succeed(["train"], environment, in: directory.path)
            let server = try ServeProcess(
                environment: environment.merging(["PENGUINS_API_KEYS_FILE": keys, "HOME": run.home]) { $1 }, in: directory.path)
            try await server.waitUntilListening()

            var requests = 0
            func hit(
                _ expected: Int, _ method: String, _ path: String, body: String? = nil, headerFile: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation
            ) throws -> String {
                let response = try server.request(method, path, body: body, headerFile: headerFile, includeHeaders: true)
                requests += 1
                #expect(response.status == expected, "\(method) \(path)", sourceLocation: sourceLocation)
                run.expectNoSentinel(in: response.body, "the response to \(method) \(path)", sourceLocation: sourceLocation)
                return response.body
            }
            let vetiver = #"[{"bill_length_mm":45,"species_Chinstrap":false,"species_Gentoo":true,"sex_male":true}]"#
            _ = try hit(200, "GET", "/")
            #expect(try hit(200, "POST", "/predict", body: vetiver, headerFile: key).contains(#""predict":["#))
            _ = try hit(401, "POST", "/predict", body: vetiver)
            _ = try hit(401, "POST", "/predict", body: vetiver, headerFile: wrongKey)
            _ = try hit(400, "POST", "/predict", body: #"[{"bill_length_mm":"#, headerFile: key)
            _ = try hit(422, "POST", "/predict", body: #"{"bill_length_mm":45,"species":"Emperor","sex":"male"}"#, headerFile: key)
            _ = try hit(200, "GET", "/metadata", headerFile: key)
            _ = try hit(401, "GET", "/metadata")
            for route in ["/metrics", "/readyz", "/openapi.json", "/docs", "/prototype", "/ping", "/healthz"] {
                _ = try hit(200, "GET", route)
            }
            _ = try hit(404, "GET", "/nowhere")
            _ = try hit(405, "DELETE", "/predict")

            // An outage under the server: /readyz says why, /predict answers from memory, the logs show the retries.
            try await testPostgres("halt", cluster.directory)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try hit(503, "GET", "/readyz").contains("database unreachable"))
            _ = try hit(200, "POST", "/predict", body: vetiver, headerFile: key)
            #expect(try hit(200, "GET", "/metrics").contains("penguins_database_up 0"))
            try await Task.sleep(for: .milliseconds(1500))
            _ = try hit(503, "GET", "/readyz")
            try await testPostgres("resume", cluster.directory)
            var recovered = false
            for _ in 0..<60 where !recovered {
                try await Task.sleep(for: .milliseconds(250))
                recovered = try server.request("GET", "/readyz").status == 200
                requests += 1
            }
            #expect(recovered, "/readyz did not recover within 15 s")
            _ = try hit(200, "GET", "/metrics")

            let outcome = try await offPool { server.terminate() }
            #expect(outcome.status == 0, "serve exited with \(outcome.status) after SIGTERM")
            run.expectNoSentinel(in: outcome.allOutput, "the server's logs")
            #expect(outcome.standardOutput.contains(#""message":"database not reachable""#), "no reconnect attempt was logged")
            #expect(outcome.standardOutput.contains(#""message":"request rejected""#), "no rejected request was logged")
            #expect(requests > 20)
            #expect(run.expectNoSentinel(inServerLogsOf: cluster.directory) > 0)
            run.expectNoArgvLeak()
        }

        @Test("The sentinel is in no server log of the fault clusters, and was on no process's argv")
        func nowhere() throws {
            var logs = 0
            for prefix in ["PENGUINS_TEST_TLS_", "PENGUINS_TEST_PRIMARY_", "PENGUINS_TEST_STANDBY_"] {
                logs += run.expectNoSentinel(inServerLogsOf: try TestPostgres.settings(prefix: prefix).socketDirectory)
            }
            #expect(logs >= 3)
            #expect(run.sampler.samples > 0)
            run.expectNoArgvLeak()
        }
    }
}
