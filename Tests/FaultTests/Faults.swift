import DataGateway
import Foundation
import Testing
import TestSupport

/// Reliability and security under faults (issue 7): TLS, failover to a promoted standby, kill -9 during a
/// 5M-row migration, a 60 s wrk soak, and a sentinel password that must leak from no command, failure path,
/// served route, log or argv. The 100,000-input fuzz runs live with their targets (``FuzzHarness``).
///
/// One serialized suite: the heavy cases (the crash loads, the soak, the argv sampler's sweeps) would make each
/// other flaky on two cores. They need the clusters of scripts/fault-clusters besides the main one; without
/// them each case fails naming the missing variable. `swift test` skips all of it unless PENGUINS_SLOW_TESTS=1.
@Suite("Faults", .serialized, .tags(.slow), .enabled(if: SlowTests.enabled))
struct Faults {}

/// What every fault case shares: the run's one sentinel (every login role's password starts with it), an empty
/// HOME (no ~/.postgresql/root.crt, no ~/.pgpass), and the sampler that watches every process's argv for it.
final class FaultRun: Sendable {
    static let shared = FaultRun()

    /// Letters and digits only, so it is safe in URLs and conninfo strings. It travels only through child
    /// environments, psql's stdin and mode-600 files.
    let sentinel = "PgwSentinel" + (0..<3).map { _ in String(UInt64.random(in: 1 << 60 ... .max), radix: 16) }.joined()
    let home: String
    let sampler: ArgvSampler

    private init() {
        // The suite cannot run without a scratch directory; failing here names why.
        do { home = try TemporaryDirectory().path } catch { fatalError("no temporary directory: \(error)") }
        sampler = ArgvSampler(needle: sentinel, executable: (try? PenguinsProcess.executable.path) ?? "penguins")
    }

    /// Runs the binary as a user would, with the empty HOME, and checks that its output does not hold the sentinel.
    func penguins(
        _ arguments: [String], _ environment: [String: String] = [:], in directory: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> PenguinsProcess.Outcome {
        let environment = environment.merging(["HOME": home]) { $1 }
        let outcome = try await offPool { try PenguinsProcess.run(arguments, environment: environment, in: directory) }
        expectNoSentinel(in: outcome.allOutput, "penguins \(arguments.joined(separator: " "))", sourceLocation: sourceLocation)
        return outcome
    }

    /// Like ``penguins(_:_:in:sourceLocation:)`` for a command that must succeed.
    @discardableResult
    func succeed(
        _ arguments: [String], _ environment: [String: String] = [:], in directory: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> PenguinsProcess.Outcome {
        let outcome = try await penguins(arguments, environment, in: directory, sourceLocation: sourceLocation)
        try #require(
            outcome.status == 0, "penguins \(arguments.joined(separator: " ")) exited \(outcome.status): \(redacted(outcome.standardError))",
            sourceLocation: sourceLocation)
        return outcome
    }

    func expectNoSentinel(in text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains(sentinel), "the sentinel appears in \(what): \(redacted(text).prefix(2000))", sourceLocation: sourceLocation)
    }

    /// Every file under `directory` (a report site, a serve's logs), read in-process.
    func expectNoSentinel(inFilesUnder directory: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        var read = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: directory + "/" + file) else { continue }
            read += 1
            expectNoSentinel(in: String(decoding: data, as: UTF8.self), directory + "/" + file, sourceLocation: sourceLocation)
        }
        return read
    }

    /// The PostgreSQL server logs of `cluster` (a cluster directory: server.log and data/log/*).
    func expectNoSentinel(inServerLogsOf cluster: String, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        let logs = [cluster + "/server.log"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: cluster + "/data/log")) ?? []).map { cluster + "/data/log/" + $0 }
        var read = 0
        for log in logs {
            guard let data = FileManager.default.contents(atPath: log) else { continue }
            read += 1
            expectNoSentinel(in: String(decoding: data, as: UTF8.self), "the server log \(log)", sourceLocation: sourceLocation)
        }
        return read
    }

    /// No process's argv has held the sentinel since the run began.
    func expectNoArgvLeak(sourceLocation: SourceLocation = #_sourceLocation) {
        let leaks = sampler.leaks
        #expect(leaks.isEmpty, "the sentinel appeared in a process's argv: \(leaks.prefix(5).map(redacted))", sourceLocation: sourceLocation)
    }

    func redacted(_ text: String) -> String {
        text.replacingOccurrences(of: sentinel, with: "<SENTINEL>")
    }
}

/// One of the fault clusters of scripts/fault-clusters (or the main cluster), its login role's password set to
/// the run's sentinel the first time a test asks for it.
struct FaultCluster: Sendable {
    let settings: TestPostgres.Settings
    let prefix: String

    static func named(_ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FaultCluster {
        var settings: TestPostgres.Settings
        do { settings = try TestPostgres.settings(prefix: prefix) } catch {
            throw NotConfigured(
                message: "\(error); the fault tests need the clusters of scripts/fault-clusters start DIR (source DIR/env), as scripts/test does")
        }
        let sentinel = FaultRun.shared.sentinel
        if prefix != "PENGUINS_TEST_STANDBY_" {
            // Idempotent, so repeating it on a cluster already set is harmless; psql reads it from stdin.
            try PostgresTarget(settings: settings, database: "postgres").superuserSQL("ALTER ROLE \(settings.user) PASSWORD '\(sentinel)';")
        }
        settings.password = .init(sentinel)
        return FaultCluster(settings: settings, prefix: prefix)
    }

    static func tls() throws -> FaultCluster { try named("PENGUINS_TEST_TLS_") }

    /// A variable of the cluster's own beyond the standard ones (e.g. `TLS_CA` for `PENGUINS_TEST_TLS_CA`).
    static func variable(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment["PENGUINS_TEST_" + name], !value.isEmpty else {
            throw NotConfigured(message: "PENGUINS_TEST_\(name) is not set; source the env of scripts/fault-clusters start DIR")
        }
        return value
    }

    /// A fresh database on this cluster owned by the login role (whose password is the sentinel).
    func freshDatabase() throws -> PostgresTarget { try PostgresTarget.fresh(settings) }

    /// The login role's URL for `database` at `host` (by default the cluster's 127.0.0.1), with `query` appended.
    func url(_ database: String, host: String? = nil, query: String = "") -> String {
        "postgresql://\(settings.user):\(settings.password.reveal())@\(host ?? settings.host):\(settings.port)/\(database)\(query)"
    }

    struct NotConfigured: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// The repository's root, for scripts/test-postgres and bench/.
let repositoryRoot = URL(fileURLWithPath: TestDatabase.repositoryMigrations).deletingLastPathComponent().path

/// The last non-empty line of a `penguins load --query` result: a one-row, one-column value.
func scalar(_ outcome: PenguinsProcess.Outcome) -> String {
    outcome.standardOutput.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
}

/// Runs blocking work (a child process to its end, a long wait) on a Dispatch thread, so the cooperative
/// pool, which has one thread per core here, stays free for the tests running beside it.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// `scripts/test-postgres command directory` (halt, resume, promote), off the cooperative pool.
func testPostgres(_ command: String, _ directory: String) async throws {
    try await offPool { try DedicatedCluster.testPostgres(command, directory) }
}
