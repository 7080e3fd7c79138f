import DataGateway
import Foundation
import Logging
import PenguinModel
import TestSupport
import Testing

/// `penguins serve` follows the `production` alias and swaps without a restart (issue 12 §2), on both engines
/// and on a file board; on Postgres a move is heard through NOTIFY, and when the notification is lost the
/// poll still finds it.
struct ModelFollowingTests {
    @Test("On the embedded default, the first model is promoted to production, and a promotion is served without a restart")
    func embeddedDefaultFollowsProduction() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let serve = try ServeProcess(environment: [:], in: directory.path)
        defer { _ = serve.terminate() }
        try await serve.waitUntilListening()
        let board = TestBoard(url: "sqlite:\(directory.path)/penguins.sqlite", location: .database)
        let first = try #require(try board.aliases()[AliasName.production], "serve promoted its first model")
        #expect(try await serve.waitUntilServing(first, timeout: .seconds(10)))

        let second = try board.trainAnother(in: directory.path)
        try board.promote(second, reason: "a better one")
        #expect(try await serve.waitUntilServing(second, timeout: .seconds(10)), "\(serve.output)")
        #expect(serve.output.contains(#""to":"\#(second)""#) && serve.output.contains("a better one"), "the swap is logged with its reason")
    }

    @Test("A file board's alias move is served without a restart")
    func fileBoardFollowsProduction() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": "sqlite:\(directory.path)/data.sqlite", "PENGUINS_MODEL_BOARD": "file:\(directory.path)/board"]
        let board = TestBoard(url: environment["DATABASE_URL"]!, location: .directory(directory.path + "/board"), environment: environment)
        let (first, second) = try board.twoVersions(in: directory.path)
        try board.promote(first, reason: "first")
        let serve = try ServeProcess(environment: environment, in: directory.path)
        defer { _ = serve.terminate() }
        try await serve.waitUntilListening()
        #expect(try ServeProcess.modelVersion(port: serve.port) == first)
        try board.promote(second, reason: "second")
        #expect(try await serve.waitUntilServing(second, timeout: .seconds(10)), "\(serve.output)")
    }

    @Test("On Postgres a promotion is heard through NOTIFY; a move whose notification is lost is found by the poll")
    func postgresHearsNotifyAndThePollSavesALostOne() async throws {
        let target = try PostgresTarget.fresh()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": target.url]
        let board = TestBoard(url: target.url, location: .database, environment: environment)
        let (first, second) = try board.twoVersions(in: directory.path)
        try board.promote(first, reason: "first")
        let serve = try ServeProcess(environment: environment.merging(["PENGUINS_MODEL_VERSION": "production"]) { $1 }, in: directory.path)
        defer { _ = serve.terminate() }
        try await serve.waitUntilListening()
        #expect(try ServeProcess.modelVersion(port: serve.port) == first)

        try board.promote(second, reason: "heard by NOTIFY")
        #expect(try await serve.waitUntilServing(second, timeout: .seconds(10)))
        #expect(serve.output.contains(#""trigger":"notification""#), "the NOTIFY woke the watcher: \(serve.output)")

        // A move with no NOTIFY at all, while the listener is up: only the poll can find it.
        _ = try target.query("UPDATE model_aliases SET version = '\(first)' WHERE alias = 'production'")
        #expect(try await serve.waitUntilServing(first, timeout: .seconds(15)), "\(serve.output)")
        #expect(serve.output.contains(#""trigger":"poll""#), "the poll found the silent move: \(serve.output)")

        // The listener's backend is killed, and the next promotion's NOTIFY goes to nobody.
        _ = try target.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN \"penguins_model_alias\"'")
        try board.promote(second, reason: "notified while nobody listened")
        #expect(try await serve.waitUntilServing(second, timeout: .seconds(15)), "\(serve.output)")
        #expect(serve.output.contains("lost the connection that listens for model alias moves"))
        try board.promote(first, reason: "heard again")
        #expect(try await serve.waitUntilServing(first, timeout: .seconds(15)), "the listener is back: \(serve.output)")
    }
}

/// A board the test reads and moves directly, as `penguins models promote` does, plus `penguins train`.
struct TestBoard {
    let url: String
    let location: Settings.ModelBoardLocation
    var environment: [String: String] = [:]

    private func withBoard<Value>(_ body: (any ModelBoard) throws -> Value) throws -> Value {
        let database = try DatabaseConnector.openOnce(
            DatabaseURL(parsing: Secret(url), environment: [:]), logger: Logger(label: "test"))
        defer { database.close() }
        return try body(location.board(on: database))
    }

    func aliases() throws -> [String: String] {
        try withBoard { try $0.aliases() }
    }

    func promote(_ version: String, reason: String) throws {
        try withBoard { board in
            let holder = try board.aliases()[AliasName.production]
            try board.promote(AliasMoveRequest(alias: AliasName.production, version: version, expectedHolder: holder, reason: reason))
        }
    }

    /// Runs `penguins train` and returns the version it stored.
    func trainAnother(in directory: String) throws -> String {
        let before = Set(try withBoard { try $0.list().map(\.version) })
        let outcome = try PenguinsProcess.run(["train"], environment: environment, in: directory)
        try #require(outcome.status == 0, "\(outcome.allOutput)")
        return try #require(try withBoard { try $0.list().map(\.version) }.first { !before.contains($0) })
    }

    /// Migrates, then trains twice.
    func twoVersions(in directory: String) throws -> (String, String) {
        let migrate = try PenguinsProcess.run(["migrate", "--migrations", PenguinsProcess.migrations], environment: environment, in: directory)
        try #require(migrate.status == 0, "\(migrate.allOutput)")
        return (try trainAnother(in: directory), try trainAnother(in: directory))
    }
}
