import DataGateway
import Logging
import PenguinModel
import ServiceLifecycle

/// What a server following an alias or the newest version asks of the board: where the reference points,
/// the card there, and a wake-up when it may have moved. `penguins serve` implements it on the configured
/// board (``BoardModelSource``); tests drive a server with their own.
public protocol FollowedModelSource: Sendable {
    /// What is followed, for the logs: `alias production`, `latest`.
    var reference: String { get }
    /// The version the reference names now. Called on every poll, so it must be cheap.
    func currentVersion() async throws -> String
    /// The card of `version`, verified, with the rows its app draws, and the reason recorded for the move
    /// to it when the board keeps one.
    func load(version: String) async throws -> FollowedModel
    /// Returns when the reference may have moved (a notification arrived: true) or after `timeout` (false).
    func waitForMove(upTo timeout: Duration) async -> Bool
}

/// A version to swap in, as ``FollowedModelSource/load(version:)`` reads it.
public struct FollowedModel: Sendable {
    public var card: ModelCard
    public var points: TrainingRows
    public var reason: String?

    public init(card: ModelCard, points: TrainingRows, reason: String?) {
        self.card = card
        self.points = points
        self.reason = reason
    }
}

/// How a server follows its reference: where from, and how often it looks when nothing tells it.
public struct ModelFollowing: Sendable {
    public var source: any FollowedModelSource
    /// The longest a move goes unnoticed when no notification arrives: the cheap poll on SQLite and file
    /// boards, the safety net behind `LISTEN` on Postgres.
    public var pollInterval: Duration

    public init(source: any FollowedModelSource, pollInterval: Duration) {
        self.source = source
        self.pollInterval = pollInterval
    }
}

/// Swaps the served model when the followed reference moves, for as long as the server runs.
///
/// A version that cannot be served (a bad card, a bad signature, levels the predictor rejects) is not
/// swapped in: the old one keeps serving, the failure is logged and counted, and that version is not
/// tried again until the reference moves on. A board that cannot be reached is only logged, and looked
/// at again on the next poll.
struct ModelWatcher: Service {
    let following: ModelFollowing
    let current: CurrentModel
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let logger: Logger

    /// Wakes at least this often, so that a graceful shutdown never waits on a long poll.
    private static let slice = Duration.milliseconds(250)

    func run() async {
        var rejected: String?
        var nextPoll = ContinuousClock.now + following.pollInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let notified = await following.source.waitForMove(upTo: min(Self.slice, nextPoll - .now))
            guard notified || ContinuousClock.now >= nextPoll else { continue }
            nextPoll = ContinuousClock.now + following.pollInterval
            rejected = await check(trigger: notified ? "notification" : "poll", rejected: rejected)
        }
    }

    /// Looks where the reference points and swaps when it moved; returns the version that was refused, if any.
    private func check(trigger: String, rejected: String?) async -> String? {
        let source = following.source
        let version: String
        do {
            version = try await source.currentVersion()
        } catch {
            logger.warning("cannot read the followed model reference", metadata: ["reference": "\(source.reference)", "error": "\(error)"])
            return rejected
        }
        let served = current.model
        guard version != served.version, version != rejected else { return version == rejected ? rejected : nil }
        let followed: FollowedModel
        let model: ServedModel
        do {
            followed = try await source.load(version: version)
            model = try ServedModel(card: followed.card, trainingPoints: followed.points, configuration: configuration)
        } catch where Self.isUnreachable(error) {
            logger.warning("cannot load the followed model version", metadata: ["version": "\(version)", "error": "\(error)"])
            return rejected
        } catch {
            metrics.reloadFailures.increment()
            logger.error(
                "model not swapped: the new version cannot be served; the previous one keeps serving",
                metadata: [
                    "reference": "\(source.reference)", "version": "\(version)", "serving": "\(served.version)", "error": "\(error)",
                ])
            return version
        }
        let replaced = current.replace(with: model)
        metrics.recordServed(name: model.name, version: model.version)
        logger.info(
            "model swapped",
            metadata: [
                "from": "\(replaced.version)", "to": "\(model.version)", "reference": "\(source.reference)",
                "reason": "\(followed.reason ?? "-")", "trigger": "\(trigger)",
            ])
        return nil
    }

    /// A failure to reach the board, which the next poll may not meet, unlike a card that cannot be served.
    static func isUnreachable(_ error: any Error) -> Bool {
        switch error {
        case is DatabaseError: true
        case BoardError.database: true
        default: false
        }
    }
}
