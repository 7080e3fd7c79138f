import Foundation
import Testing
import TestSupport

/// Issue 12 §1 as a user runs it: promote with the gate, roll back, history, and list, on both engines'
/// database boards and on a file board.
@Suite("penguins models promote, rollback and history, end to end")
struct AliasCommandTests {
    /// A migrated database (and board) of one kind, driven through the binary with only environment variables.
    struct Workspace {
        let directory: TemporaryDirectory
        let environment: [String: String]
        let password: String?

        init(_ kind: String) throws {
            directory = try TemporaryDirectory()
            let target = kind == "postgres" ? try PostgresTarget.fresh() : nil
            var environment = target.map { ["DATABASE_URL": $0.url] } ?? [:]
            if kind == "file" { environment["PENGUINS_MODEL_BOARD"] = "file:\(directory.path)/board" }
            self.environment = environment
            password = target?.password
            _ = try run(["migrate"])
        }

        func attempt(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            let outcome = try PenguinsProcess.run(arguments, environment: environment, in: directory.path)
            if let password { #expect(!outcome.allOutput.contains(password)) }
            return outcome
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> PenguinsProcess.Outcome {
            let outcome = try attempt(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.standardError)")
            return outcome
        }

        /// The ALIASES column of `version`'s row in `models list`.
        func aliases(of version: String) throws -> [String] {
            let row = try run(["models", "list"]).standardOutput.split(separator: "\n").first { $0.hasPrefix(version) } ?? ""
            let fields = row.split(separator: " ").map(String.init)
            // VERSION ALIASES FORMULA…: an empty ALIASES column leaves the formula's response second.
            return fields.count > 1 && fields[1] != "body_mass_g" ? fields[1].split(separator: ",").map(String.init) : []
        }

        /// Trains `formula` and returns the stored version from the last line of `train`'s output.
        func train(_ formula: String) throws -> String {
            let line = try run(["train", "--formula", formula]).standardOutput.split(separator: "\n").last ?? ""
            return String(line.split(separator: " ").dropFirst(3).first ?? "")
        }
    }

    @Test("The gate refuses a worse candidate with both numbers; --force, rollback, history and list follow",
          arguments: ["sqlite", "postgres", "file"])
    func gateRollbackHistory(kind: String) throws {
        let workspace = try Workspace(kind)
        defer { workspace.directory.remove() }
        let good = try workspace.train("body_mass_g ~ bill_length_mm + species + sex")
        let worse = try workspace.train("body_mass_g ~ bill_length_mm")

        let first = try workspace.run(["models", "promote", good, "--reason", "first release"])
        #expect(first.standardOutput.contains("production: (new) → \(good) (RMSE 305.589 on 333 rows)"), "\(first.standardOutput)")

        let refused = try workspace.attempt(["models", "promote", worse, "--reason", "try the small model"])
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("has RMSE 643.543"), "\(refused.standardError)")
        #expect(refused.standardError.contains("at 305.589"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--force"))
        #expect(try workspace.run(["models", "history"]).standardOutput.split(separator: "\n").count == 2, "one move only")
        let loose = try workspace.attempt(["models", "promote", worse, "--reason", "r", "--tolerance", "2"])
        #expect(loose.status == 0, "a tolerance of 200% lets it through: \(loose.standardError)")
        try workspace.run(["models", "rollback", "--reason", "undo the loose one"])

        let forced = try workspace.run(["models", "promote", worse, "--reason", "forced on purpose", "--force"])
        #expect(forced.standardOutput.contains("production: \(good) → \(worse)"))
        #expect(try workspace.aliases(of: worse) == ["production"])
        #expect(try workspace.aliases(of: good) == [])
        #expect(try workspace.run(["predict", "--bill-length", "45"]).standardOutput.contains("(model \(worse))"), "serves the holder")

        let rollback = try workspace.run(["models", "rollback", "--reason", "the forced one is worse"])
        #expect(rollback.standardOutput.contains("production: \(worse) → \(good)"))
        #expect(try workspace.run(["predict", "--bill-length", "45", "--species", "Gentoo", "--sex", "male"]).standardOutput.hasPrefix("5275.66 g"))

        let history = try workspace.run(["models", "history", "--alias", "production"]).standardOutput
        let rows = history.split(separator: "\n").dropFirst()
        #expect(rows.count == 5, "\(history)")
        #expect(rows.last?.contains("the forced one is worse") == true)
        let firstRow = rows.first?.split(separator: " ").map(String.init) ?? []
        #expect(Array(firstRow.prefix(4)) == ["1", "production", "-", good], "\(history)")
        #expect(firstRow.count > 5 && firstRow[4].hasPrefix("20") && firstRow[4].hasSuffix("Z") && !firstRow[5].isEmpty, "when and who: \(history)")
        #expect(rows.last?.contains("305.589") == true, "the metrics at that moment")
        #expect(try workspace.attempt(["models", "history", "--alias", "staging"]).standardOutput.split(separator: "\n").count == 1)

        let noReason = try workspace.attempt(["models", "rollback", "--reason", ""])
        #expect(noReason.status == 1 && noReason.standardError.contains("the reason cannot be used: it is empty"))
        let badAlias = try workspace.attempt(["models", "promote", good, "--alias", "Prod", "--reason", "x"])
        #expect(badAlias.standardError.contains("is not an alias name"))
        let none = try workspace.attempt(["models", "rollback", "--alias", "staging", "--reason", "x"])
        #expect(none.standardError == "error: no alias staging on the board; `penguins models promote VERSION --alias staging --reason TEXT` creates it\n")
    }

    @Test("Promotions from racing processes never interleave: the history has no gaps and the holder is the last move",
          arguments: ["sqlite", "postgres", "file"])
    func racingProcesses(kind: String) throws {
        let workspace = try Workspace(kind)
        defer { workspace.directory.remove() }
        let versions = [try workspace.train("body_mass_g ~ bill_length_mm"), try workspace.train("body_mass_g ~ flipper_length_mm")]
        let racing = try (0..<6).map { index in
            try PenguinsProcess.start(
                ["models", "promote", versions[index % 2], "--alias", "race", "--force", "--reason", "racer \(index)"],
                environment: workspace.environment, in: workspace.directory.path)
        }
        let outcomes = racing.map { PenguinsProcess.finish($0.0, $0.1, $0.2) }
        let moved = outcomes.filter { $0.status == 0 }.count
        for outcome in outcomes where outcome.status != 0 {
            #expect(outcome.standardError.contains("already holds"), "only a no-op may fail: \(outcome.standardError)")
        }
        let rows = try workspace.run(["models", "history", "--alias", "race"]).standardOutput.split(separator: "\n").dropFirst()
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.map { Int($0[0]) } == Array(1...moved))
        for (previous, next) in zip(rows, rows.dropFirst()) { #expect(next[2] == previous[3], "each move starts where the last ended") }
        #expect(try workspace.aliases(of: rows.last?[3] ?? "?") == ["race"])
    }
}
