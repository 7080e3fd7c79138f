import Foundation
import Testing
import TestSupport

/// The everyday commands are as careful as the API: reads cannot write, predict checks its record as
/// /predict does, and messages say what to do.
@Suite("penguins load, train, predict and score are careful, end to end")
struct CarefulCommandTests {
    /// A migrated and trained database in a fresh directory, on `engine`, and a runner for it.
    private struct Prepared {
        let directory: TemporaryDirectory
        let environment: [String: String]

        init(_ engine: String) throws {
            directory = try TemporaryDirectory()
            environment = try engine == "postgres" ? ["DATABASE_URL": PostgresTarget.fresh().url] : [:]
            #expect(try run(["migrate"]).status == 0)
            #expect(try run(["train"]).status == 0)
        }

        func run(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
        }
    }

    @Test("load, train --query and train --in-database --query cannot write", arguments: ["sqlite", "postgres"])
    func readsCannotWrite(engine: String) throws {
        let prepared = try Prepared(engine)
        defer { prepared.directory.remove() }
        let writes = [
            ["load", "--query", "DELETE FROM penguins WHERE id = 1 RETURNING id"],
            ["load", "--query", "UPDATE penguins SET year = 1 WHERE id = 2 RETURNING id"],
            ["train", "--query", "DELETE FROM penguins WHERE id = 3 RETURNING *"],
        ]
        for arguments in writes {
            let outcome = try prepared.run(arguments)
            #expect(outcome.status == 1, "\(arguments): \(outcome.standardOutput)")
            #expect(outcome.standardError.contains("`train --query` or `report` must only read"), "\(arguments): \(outcome.standardError)")
            #expect(!outcome.standardError.contains("this command only reads"))
            #expect(outcome.standardError.contains("`penguins migrate`"))
        }
        let count = try prepared.run(["load", "--query", "SELECT count(*) AS n, min(year) AS first FROM penguins WHERE id <= 3"])
        #expect(count.standardOutput.hasPrefix("1 row × 2 columns from \(engine)"), "\(count.standardOutput)")
        #expect(count.standardOutput.contains("\n3  2007"), "\(count.standardOutput)")
    }

    @Test("predict refuses what /predict refuses, and takes any model's terms", arguments: ["sqlite", "postgres"])
    func predictChecksItsRecord(engine: String) throws {
        let prepared = try Prepared(engine)
        defer { prepared.directory.remove() }
        for (length, got) in [("-5", "-5"), ("450", "450")] {
            let outcome = try prepared.run(["predict", "--bill-length", length, "--species", "Gentoo", "--sex", "male"])
            #expect(outcome.status == 1)
            #expect(outcome.standardError == "error: 'bill_length_mm' must be from 10 to 100 mm; got \(got)\n")
        }
        let unknown = try prepared.run(["predict", "--set", "bill_length_mm=45", "--set", "species=Gentoo", "--set", "sex=male", "--set", "wing=3"])
        #expect(unknown.standardError.hasPrefix("error: unknown field 'wing'"))
        let dummy = try prepared.run(["predict", "--bill-length", "45", "--species", "Gentoo", "--set", "sex_male=2"])
        #expect(dummy.status == 1)
        #expect(dummy.standardError.hasPrefix("error: --set sex_male takes true or false (or 0 or 1); got '2'"), "\(dummy.standardError)")

        let train = try prepared.run(["train", "--formula", "body_mass_g ~ flipper_length_mm + species"])
        let version = try #require(train.standardOutput.split(separator: "\n").last?.split(separator: " ").dropFirst(3).first)
        let bySet = try prepared.run(["predict", "--set", "flipper_length_mm=220", "--set", "species=Gentoo", "--model-version", String(version)])
        #expect(bySet.status == 0, "\(bySet.standardError)")
        #expect(bySet.standardOutput.hasSuffix("(model \(version))\n"))
        let byRecord = try prepared.run(["predict", "--record", #"{"flipper_length_mm": 220, "species": "Gentoo"}"#])
        #expect(byRecord.standardOutput == bySet.standardOutput, "\(byRecord.standardError)")
        let implausible = try prepared.run(["predict", "--record", #"{"flipper_length_mm": 2200, "species": "Gentoo"}"#])
        #expect(implausible.standardError == "error: 'flipper_length_mm' must be from 100 to 300 mm; got 2200\n")
    }

    @Test("The newest of two models trained in the same second is the one every command picks")
    func latestIsNewest() throws {
        let prepared = try Prepared("sqlite")
        defer { prepared.directory.remove() }
        let train = try prepared.run(["train", "--formula", "body_mass_g ~ flipper_length_mm"])
        let newest = try #require(train.standardOutput.split(separator: "\n").last?.split(separator: " ").dropFirst(3).first)
        let list = try prepared.run(["models", "list"])
        #expect(list.standardOutput.split(separator: "\n").dropFirst().first?.hasPrefix(newest) == true, "\(list.standardOutput)")
        #expect(try prepared.run(["models", "show"]).standardOutput.contains("\"version\" : \"\(newest)\""))
        #expect(try prepared.run(["predict", "--set", "flipper_length_mm=200"]).standardOutput.hasSuffix("(model \(newest))\n"))
    }

    @Test("Each command's help lists --version once, and the model's version as --model-version")
    func helpIsUnambiguous() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for command in ["predict", "score", "evaluate"] {
            let help = try PenguinsProcess.run([command, "--help"], in: directory.path).standardOutput
            #expect(help.components(separatedBy: "--version").count - 1 == 1, "\(command): \(help)")
            #expect(help.contains("--model-version <model-version>"), "\(command)")
        }
    }

    @Test("score --into a missing table says how to create it", arguments: ["sqlite", "postgres"])
    func scoreIntoMissingTable(engine: String) throws {
        let prepared = try Prepared(engine)
        defer { prepared.directory.remove() }
        let score = try prepared.run(["score", "--into", "my_scores"])
        #expect(score.status == 1)
        #expect(score.standardError.contains("CREATE TABLE my_scores (penguin_id integer NOT NULL"), "\(score.standardError)")
    }

    @Test("load prints timestamp and timestamptz columns as timestamps, midnight and microseconds included, Z only on timestamptz")
    func timestampsPrintAsTimestamps() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATABASE_URL": try PostgresTarget.fresh().url]
        let outcome = try PenguinsProcess.run(
            [
                "load", "--query",
                "SELECT timestamptz '2026-01-02 00:00:00+00' AS at, timestamp '2026-01-02 03:04:05.25' AS local, date '2026-01-02' AS day",
            ], environment: environment, in: directory.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("at     timestamp  (0 null)"), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.contains("day    date  (0 null)"), "\(outcome.standardOutput)")
        #expect(outcome.standardOutput.hasSuffix("2026-01-02T00:00:00Z  2026-01-02T03:04:05.250000  2026-01-02\n"), "\(outcome.standardOutput)")
    }
}
