import ArgumentParser
import DataGateway
import Foundation
import PenguinModel

extension ModelsCommand {
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Point an alias (production by default) at a version, if it is no worse than the current holder.",
            discussion: """
                The gate evaluates the candidate and the alias's current holder on the current data (as `evaluate` \
                does, appending to model_metrics) and refuses when the candidate's RMSE is worse by more than \
                --tolerance (a fraction: 0.01 is 1%). --force skips the comparison, never verification: a card \
                that fails its hash or signature check cannot hold an alias. Every move is kept (`models history`).
                """)

        @Argument(help: "The version to promote.")
        var version: String

        @Option(name: .long, help: "The alias to move: lower-case letters, digits, - and _, starting with a letter.")
        var alias = AliasName.production

        @Option(name: .long, help: "Why the alias moves; kept in the history.")
        var reason: String

        @Flag(name: .long, help: "Promote even when the candidate is worse than the current holder.")
        var force = false

        @Option(name: .long, help: "How much worse the candidate's RMSE may be, as a fraction of the holder's.")
        var tolerance = AliasPromotion.defaultTolerance

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let outcome = try AliasPromotion.promote(
                    version, alias: alias, reason: reason, force: force, tolerance: tolerance,
                    board: try context.board(on: database), database: database)
                print(outcome.summary)
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move an alias back to the version it held before its last move.",
            discussion: "There is no gate: a rollback is the way out of a bad promotion. Rolling back twice returns to where you were.")

        @Option(name: .long, help: "The alias to move back.")
        var alias = AliasName.production

        @Option(name: .long, help: "Why the alias moves back; kept in the history.")
        var reason: String

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let outcome = try AliasPromotion.rollback(alias: alias, reason: reason, board: try context.board(on: database), database: database)
                print(outcome.summary)
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every move of every alias (or of one), oldest first: from, to, when, who, why, and the metrics then.")

        @Option(name: .long, help: "Only this alias.")
        var alias: String?

        func run() async throws {
            try await CommandContext.withDatabase { context, database in
                let moves = try context.board(on: database).aliasHistory(alias: alias)
                let rows = moves.map { move in
                    [
                        String(move.sequence), move.alias, move.from ?? "-", move.to, move.at.formatted(.iso8601), move.by,
                        move.evaluation.map { String(format: "%.3f", $0.rmse) } ?? "-",
                        move.previousRMSE.map { String(format: "%.3f", $0) } ?? "-",
                        move.evaluation.map { String($0.n) } ?? "-", move.reason,
                    ]
                }
                print(TextTable(header: ["#", "ALIAS", "FROM", "TO", "WHEN", "WHO", "RMSE", "FROM RMSE", "N", "REASON"], rows: rows).rendered)
            }
        }
    }
}

extension AliasPromotion.Outcome {
    /// One line: the move and the numbers the gate saw.
    var summary: String {
        let numbers = "RMSE \(String(format: "%.3f", candidate.rmse))"
            + (holder.map { " vs \(String(format: "%.3f", $0.rmse)) for \($0.version)" } ?? "")
            + " on \(candidate.n) rows"
        return "\(move.alias): \(move.from ?? "(new)") → \(move.to) (\(numbers)); history #\(move.sequence)"
    }
}
