import Foundation

/// A Postgres cluster of one test's own (scripts/test-postgres in a temp directory), so stopping it cannot
/// disturb the other tests' shared cluster.
public struct DedicatedCluster: Sendable {
    public let directory: String
    public let settings: TestPostgres.Settings
    public var password: String { settings.password.reveal() }
    /// The login role's URL for the cluster's `penguins` database.
    public var url: String { "postgresql://\(settings.user):\(password)@\(settings.host):\(settings.port)/penguins" }

    public init() throws {
        directory = NSTemporaryDirectory() + "penguins-outage-\(UUID().uuidString.prefix(8))"
        try Self.testPostgres("start", directory)
        let lines = try String(contentsOfFile: directory + "/env", encoding: .utf8).split(separator: "\n")
        var environment: [String: String] = [:]
        for line in lines {
            let pair = line.replacingOccurrences(of: "export ", with: "").split(separator: "=", maxSplits: 1)
            if pair.count == 2 { environment[String(pair[0])] = String(pair[1]) }
        }
        settings = try TestPostgres.settings(prefix: "PENGUINS_TEST_", environment: environment)
    }

    public func halt() throws { try Self.testPostgres("halt", directory) }
    public func resume() throws { try Self.testPostgres("resume", directory) }
    public func stop() { try? Self.testPostgres("stop", directory) }

    /// Runs `scripts/test-postgres command directory` through `system`, which waits for exactly its own child:
    /// Foundation's Process can miss the exit of a script whose daemon outlives it.
    public static func testPostgres(_ command: String, _ directory: String) throws {
        let script = URL(fileURLWithPath: TestDatabase.repositoryMigrations).deletingLastPathComponent()
            .appendingPathComponent("scripts/test-postgres").path
        let status = system("'\(script)' \(command) '\(directory)' >/dev/null 2>&1 </dev/null")
        guard status == 0 else { throw ServeFailure(message: "scripts/test-postgres \(command) failed with status \(status)") }
    }
}
