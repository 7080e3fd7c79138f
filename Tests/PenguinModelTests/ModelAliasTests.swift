import DataGateway
import Foundation
import Testing
import TestSupport

@testable import PenguinModel

/// Issue 12 §1: aliases on both engines' database boards and on a file board.
@Suite("Model aliases on every board")
struct ModelAliasTests {
    /// A board of one kind, with a migrated database beside it (a file board's data still lives in one).
    struct Fixture {
        let test: TestDatabase
        let directory: TemporaryDirectory
        let kind: BoardKind
        let older: ModelCard
        let newer: ModelCard

        var board: any ModelBoard { kind.board(test.database, directory) }

        /// The same board as another process would open it, on its own connection.
        func reopenedBoard() throws -> any ModelBoard { kind.board(try TestDatabase.reopen(test), directory) }

        func close() {
            test.close()
            directory.remove()
        }
    }

    enum BoardKind: CaseIterable, CustomStringConvertible {
        case sqlite, postgres, file

        var description: String {
            switch self {
            case .sqlite: "SQLite database board"
            case .postgres: "Postgres database board"
            case .file: "file board"
            }
        }

        func board(_ database: any Database, _ directory: TemporaryDirectory) -> any ModelBoard {
            self == .file ? FileModelBoard(directory: directory.path) : DatabaseModelBoard(database: database)
        }
    }

    /// Two stored versions; the older was created later in the list than the newer, so "latest" must go by time.
    /// Runs `body` with a fresh fixture of `kind`, closed and removed however the body ends.
    static func withFixture<Result>(_ kind: BoardKind, _ body: (Fixture) throws -> Result) throws -> Result {
        let fixture = try fixture(kind)
        defer { fixture.close() }
        return try body(fixture)
    }

    static func withFixture<Result>(_ kind: BoardKind, _ body: (Fixture) async throws -> Result) async throws -> Result {
        let fixture = try fixture(kind)
        defer { fixture.close() }
        return try await body(fixture)
    }

    private static func fixture(_ kind: BoardKind) throws -> Fixture {
        let test = try TestDatabase.migrated(kind == .postgres ? .postgres : .sqlite)
        let model = try LinearModel.fit(.penguins, to: test.database.readFrame("SELECT * FROM penguins ORDER BY id"))
        let fixture = Fixture(
            test: test, directory: try TemporaryDirectory(), kind: kind,
            older: try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_700_000_000.25)),
            newer: try model.card(gatewayVersion: "test", createdAt: Date(timeIntervalSince1970: 1_800_000_000.5)))
        try fixture.board.store(fixture.newer)
        try fixture.board.store(fixture.older)
        return fixture
    }

    private func request(_ version: String, expecting holder: String?, alias: String = "production", reason: String = "test")
        -> AliasMoveRequest
    {
        AliasMoveRequest(alias: alias, version: version, expectedHolder: holder, reason: reason)
    }

    @Test("A reference is latest, a version (starts with a digit) or a lower-case alias name; nothing else")
    func referenceParsing() throws {
        #expect(try ModelReference(parsing: "latest") == .latest)
        #expect(try ModelReference(parsing: "20250101T120000Z-1a2b3c4d") == .version("20250101T120000Z-1a2b3c4d"))
        #expect(try ModelReference(parsing: "production") == .alias("production"))
        #expect(try ModelReference(parsing: "canary_2-b") == .alias("canary_2-b"))
        for bad in ["Production", "", "prod ready", "-x", "_x", String(repeating: "a", count: 64), "prod\u{200D}"] {
            let error = #expect(throws: BoardError.self) { try ModelReference(parsing: bad) }
            #expect(error?.description.contains("lower-case letters") == true)
        }
        #expect(!AliasName.isValid("latest"))
    }

    @Test("Promotion points the alias at the version, records the move, and the resolver follows it", arguments: BoardKind.allCases)
    func promotionAndResolution(kind: BoardKind) throws {
        try Self.withFixture(kind) { fixture in
            let board = fixture.board
            #expect(try board.aliases().isEmpty)
            #expect(try board.defaultReference() == .latest)
            #expect(try board.resolve(.latest) == fixture.newer, "latest is the newest by creation time, not the last stored")
            #expect(try board.resolve(.version(fixture.older.version)) == fixture.older)
            #expect(throws: BoardError.self) { try board.resolve(.alias("production")) }

            let evaluation = try ModelEvaluation.evaluate(fixture.older, on: fixture.test.database)
            let first = try board.promote(
                AliasMoveRequest(
                    alias: "production", version: fixture.older.version, expectedHolder: nil, reason: "first release",
                    evaluation: evaluation, previousRMSE: nil))
            try board.promote(request(fixture.newer.version, expecting: fixture.older.version, reason: "refit"))
            try board.promote(request(fixture.older.version, expecting: nil, alias: "staging"))

            let reopened = try fixture.reopenedBoard()
            #expect(try reopened.aliases() == ["production": fixture.newer.version, "staging": fixture.older.version])
            #expect(try reopened.resolve(.alias("production")) == fixture.newer)
            #expect(try reopened.defaultReference() == .alias("production"))
            let history = try reopened.aliasHistory(alias: nil)
            #expect(history.map(\.sequence) == [1, 2, 3])
            #expect(history.map(\.alias) == ["production", "production", "staging"])
            #expect(history.map(\.from) == [nil, fixture.older.version, nil])
            #expect(history[0].reason == "first release" && history[0].evaluation == evaluation && history[1].evaluation == nil)
            #expect(abs(history[0].at.timeIntervalSince(first.at)) < 0.001 && abs(first.at.timeIntervalSinceNow) < 60)
            #expect(!history[0].by.isEmpty)
            if kind == .postgres {
                let user = try fixture.test.database.query("SELECT current_user AS who").column("who").string(0)
                #expect(history[0].by == user, "the database user, not the OS user")
            }
            #expect(try reopened.aliasHistory(alias: "staging").map(\.sequence) == [3])
            #expect(try reopened.previousHolder(of: "production") == fixture.older.version)
            #expect(throws: BoardError.self) { try reopened.previousHolder(of: "staging") }
        }
    }

    @Test("A move is refused, changing nothing, for a bad name or reason, an unknown version or a holder that moved",
          arguments: BoardKind.allCases)
    func refusals(kind: BoardKind) throws {
        try Self.withFixture(kind) { fixture in
            let board = fixture.board
            try board.promote(request(fixture.older.version, expecting: nil))
            let refused: [(AliasMoveRequest, String)] = [
                (request(fixture.newer.version, expecting: fixture.older.version, alias: "Production"), "not an alias name"),
                (request(fixture.newer.version, expecting: fixture.older.version, reason: "  "), "it is empty"),
                (request(fixture.newer.version, expecting: fixture.older.version, reason: "ok\nforged line"), "U+000A"),
                (request("20000101T000000Z-00000000", expecting: fixture.older.version), "no model version 20000101T000000Z-00000000"),
                (request(fixture.newer.version, expecting: nil), "moved from nothing to \(fixture.older.version)"),
            ]
            for (move, message) in refused {
                let error = #expect(throws: BoardError.self) { try board.promote(move) }
                #expect(error?.description.contains(message) == true, "\(String(describing: error))")
            }
            #expect(try board.aliases() == ["production": fixture.older.version])
            #expect(try board.aliasHistory(alias: nil).count == 1)
        }
    }

    @Test("A card that fails verification can never hold an alias", arguments: BoardKind.allCases)
    func tamperedCardRefused(kind: BoardKind) throws {
        try Self.withFixture(kind) { fixture in
            switch kind {
            case .file:
                let path = fixture.directory.file(fixture.newer.version + ".json")
                let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\"training_rows\" : 333", with: "\"training_rows\" : 334")
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            case .sqlite, .postgres:
                try fixture.test.database.execute(
                    "UPDATE models SET card = replace(card, '\"training_rows\":333', '\"training_rows\":334') WHERE version = $1",
                    [.text(fixture.newer.version)])
            }
            let error = #expect(throws: BoardError.self) { try fixture.board.promote(request(fixture.newer.version, expecting: nil)) }
            #expect(error?.description.contains("altered after it was written") == true, "\(String(describing: error))")
            #expect(try fixture.board.aliasHistory(alias: nil).isEmpty)
        }
    }

    @Test("Concurrent promotions never interleave: the history has no gaps and each move starts where the last ended",
          arguments: BoardKind.allCases)
    func concurrentPromotions(kind: BoardKind) async throws {
        try await Self.withFixture(kind) { fixture in
            let versions = [fixture.older.version, fixture.newer.version]
            let racers = 4, movesEach = 5
            let boards = try (0..<racers).map { _ in try fixture.reopenedBoard() }
            let done = await withTaskGroup(of: Int.self) { group in
                for (index, board) in boards.enumerated() {
                    let board = UncheckedBoard(board: board)
                    group.addTask {
                        var moved = 0
                        while moved < movesEach {
                            // Look, then move: a racer that lost the race sees aliasMoved and looks again, as the CLI does.
                            let holder: String?
                            do {
                                holder = try board.board.aliases()["production"]
                            } catch {
                                Issue.record("racer \(index): \(error)")
                                return moved
                            }
                            let target = versions[(index + moved + 1) % 2]
                            do {
                                try board.board.promote(
                                    AliasMoveRequest(alias: "production", version: target, expectedHolder: holder, reason: "racer \(index)"))
                                moved += 1
                            } catch BoardError.aliasMoved {
                                continue
                            } catch {
                                Issue.record("racer \(index): \(error)")
                                return moved
                            }
                        }
                        return moved
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(done == racers * movesEach)
            let history = try fixture.board.aliasHistory(alias: nil)
            #expect(history.map(\.sequence) == Array(1...(racers * movesEach)))
            for (previous, next) in zip(history, history.dropFirst()) { #expect(next.from == previous.to) }
            #expect(try fixture.board.aliases()["production"] == history.last?.to)
        }
    }
}

/// Each racer owns its board (its own connection); the task group only needs to carry it into the task.
private struct UncheckedBoard: @unchecked Sendable {
    let board: any ModelBoard
}
