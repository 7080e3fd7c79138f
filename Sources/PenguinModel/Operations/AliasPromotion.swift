import DataGateway
import Foundation

/// `promote` and `rollback`: evaluate on the current data, apply the gate, move the alias.
///
/// Evaluation reads the whole table, so it runs before the board's short locked move; the move then checks
/// that the alias still has the holder that was compared against, and the whole step is retried when another
/// promotion moved it meanwhile. Both evaluations are appended to `model_metrics`, as `evaluate` does.
public enum AliasPromotion {
    /// The default `--tolerance`: the candidate may be at most 1% worse on RMSE than the current holder.
    public static let defaultTolerance = 0.01

    /// What a promotion did.
    public struct Outcome: Sendable {
        public let move: AliasMove
        public let candidate: ModelEvaluation
        /// The previous holder on the same data; nil when the alias is new or the holder could not be evaluated.
        public let holder: ModelEvaluation?
    }

    /// Why the gate refused a promotion.
    public enum Refusal: Error, CustomStringConvertible {
        case worse(alias: String, candidate: ModelEvaluation, holder: ModelEvaluation, tolerance: Double)
        case holderUnusable(alias: String, holder: String, reason: String)
        case alreadyHeld(alias: String, version: String)

        public var description: String {
            switch self {
            case .worse(let alias, let candidate, let holder, let tolerance):
                "refused: candidate \(candidate.version) has RMSE \(Self.figure(candidate.rmse)) on the current data (n = \(candidate.n)), "
                    + "worse than \(alias)'s holder \(holder.version) at \(Self.figure(holder.rmse)) (n = \(holder.n)) by more than "
                    + "\(Self.figure(tolerance * 100))%; pass --force to promote anyway, or --tolerance to allow more"
            case .holderUnusable(let alias, let holder, let reason):
                "refused: \(alias)'s current holder \(holder) cannot be evaluated to compare against (\(reason)); pass --force to replace it"
            case .alreadyHeld(let alias, let version):
                "alias \(alias) already holds \(version); nothing to do"
            }
        }

        private static func figure(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    /// The most attempts when other promotions keep moving the alias between evaluation and move.
    static let attempts = 5

    /// Moves `alias` to `version` unless the gate refuses: with `force` false, the candidate's RMSE may
    /// exceed the holder's by at most `tolerance` (a fraction: 0.01 is 1%).
    public static func promote(
        _ version: String, alias: String, reason: String, force: Bool, tolerance: Double = defaultTolerance,
        board: any ModelBoard, database: any Database
    ) throws -> Outcome {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw BoardError.storage("--tolerance must be a fraction of 0 or more, e.g. 0.01 for 1%; got \(tolerance)")
        }
        _ = try AliasName.checked(alias)
        let candidateCard = try board.load(version: version)
        var attempt = 1
        while true {
            let holder = try board.aliases()[alias]
            if holder == version { throw Refusal.alreadyHeld(alias: alias, version: version) }
            let candidate = try ModelEvaluation.evaluate(candidateCard, on: database)
            try candidate.record(on: database)
            var held: ModelEvaluation?
            if let holder {
                do {
                    held = try ModelEvaluation.evaluate(try board.load(version: holder), on: database)
                    try held?.record(on: database)
                } catch {
                    guard force else { throw Refusal.holderUnusable(alias: alias, holder: holder, reason: "\(error)") }
                }
            }
            if let held, !force, candidate.rmse > held.rmse * (1 + tolerance) {
                throw Refusal.worse(alias: alias, candidate: candidate, holder: held, tolerance: tolerance)
            }
            do {
                let move = try board.promote(
                    AliasMoveRequest(
                        alias: alias, version: version, expectedHolder: holder, reason: reason, evaluation: candidate,
                        previousRMSE: held?.rmse))
                return Outcome(move: move, candidate: candidate, holder: held)
            } catch {
                guard case .aliasMoved = error, attempt < attempts else { throw error }
                attempt += 1
            }
        }
    }

    /// Moves `alias` back to the version it held before its last move, with no gate: a rollback is the way
    /// out of a bad promotion. The target must still pass verification.
    public static func rollback(alias: String, reason: String, board: any ModelBoard, database: any Database) throws -> Outcome {
        _ = try AliasName.checked(alias)
        guard let holder = try board.aliases()[alias] else { throw BoardError.unknownAlias(alias) }
        let target = try board.previousHolder(of: alias)
        let evaluation = try ModelEvaluation.evaluate(try board.load(version: target), on: database)
        try evaluation.record(on: database)
        let previous = try? ModelEvaluation.evaluate(try board.load(version: holder), on: database)
        let move = try board.promote(
            AliasMoveRequest(
                alias: alias, version: target, expectedHolder: holder, reason: reason, evaluation: evaluation,
                previousRMSE: previous?.rmse))
        return Outcome(move: move, candidate: evaluation, holder: previous)
    }
}
