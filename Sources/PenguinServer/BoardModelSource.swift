import DataGateway
import Dispatch
import Foundation
import Logging
import PenguinModel

/// The configured board as `serve` follows it: a kept connection that resolves the reference and reads
/// cards, and on Postgres a second one that `LISTEN`s for the promotions' `NOTIFY`.
///
/// Both connections reconnect after a failure, so a database restart or a terminated backend only delays
/// the next look; until the listener is back, the poll is what notices a move. libpq and SQLite block, so
/// every call runs on a queue of its own, never on Swift's cooperative pool (as ``DatabaseReadiness`` does).
public final class BoardModelSource: FollowedModelSource, @unchecked Sendable {
    private let followed: ModelReference
    private let url: DatabaseURL
    private let boardLocation: Settings.ModelBoardLocation
    private let logger: Logger
    /// Every access to the connections happens on this queue, which is what makes the class Sendable.
    private let queue = DispatchQueue(label: "penguins.model-source")
    private let listenQueue = DispatchQueue(label: "penguins.model-source.listen")
    private var database: (any Database)?
    private var listener: PostgresListener?
    private var listenerDown = false

    /// The channel promotions notify, with the alias as the payload.
    public static let channel = "penguins_model_alias"

    /// A source for `reference`, or nil when it names one version, which never moves.
    public init?(reference: ModelReference, url: DatabaseURL, board: Settings.ModelBoardLocation, logger: Logger) {
        if case .version = reference { return nil }
        self.followed = reference
        self.url = url
        self.boardLocation = board
        self.logger = logger
    }

    public var reference: String {
        switch followed {
        case .alias(let alias): "alias \(alias)"
        default: followed.description
        }
    }

    /// How long a move may go unnoticed without a notification: an alias on Postgres is told of each move
    /// by `NOTIFY`, so its poll is only the safety net; anything else is noticed by polling alone.
    public var pollInterval: Duration {
        if case .alias = followed, case .postgres = url { .seconds(5) } else { .milliseconds(500) }
    }

    public func currentVersion() async throws -> String {
        try await onQueue { database in
            let board = self.boardLocation.board(on: database)
            switch self.followed {
            case .alias(let alias):
                // One small query: the poll must stay cheap.
                guard let version = try board.aliases()[alias] else { throw BoardError.unknownAlias(alias) }
                return version
            case .latest, .version:
                return try board.resolve(self.followed).version
            }
        }
    }

    public func load(version: String) async throws -> FollowedModel {
        try await onQueue { database in
            let board = self.boardLocation.board(on: database)
            let card = try board.load(version: version)
            var reason: String?
            if case .alias(let alias) = self.followed, let move = try board.aliasHistory(alias: alias).last, move.to == version {
                reason = move.reason
            }
            let frame = try database.readFrame(Penguins.allRowsQuery)
            return FollowedModel(card: card, points: TrainingRows(frame: frame, formula: card.formula), reason: reason)
        }
    }

    public func waitForMove(upTo timeout: Duration) async -> Bool {
        guard case .alias = followed, case .postgres(let conninfo, _) = url else {
            try? await Task.sleep(for: timeout)
            return false
        }
        return await withCheckedContinuation { continuation in
            listenQueue.async { continuation.resume(returning: self.listen(conninfo: conninfo, timeout: timeout)) }
        }
    }

    /// Waits on the listener, reconnecting it first when it is down; a failure is logged once per outage.
    private func listen(conninfo: Secret<String>, timeout: Duration) -> Bool {
        do {
            let listener = try self.listener ?? PostgresListener(conninfo: conninfo, channel: try SQLIdentifier(Self.channel), logger: logger)
            if self.listener == nil {
                self.listener = listener
                if listenerDown { logger.info("listening for model alias moves again", metadata: ["target": "\(url)"]) }
                listenerDown = false
                // Whatever moved while it was down is only seen by looking.
                return true
            }
            return try !listener.notifications(waitingUpTo: timeout).isEmpty
        } catch {
            listener = nil
            if !listenerDown {
                logger.warning(
                    "lost the connection that listens for model alias moves; polling until it is back",
                    metadata: ["target": "\(url)", "error": "\(error)"])
            }
            listenerDown = true
            Thread.sleep(forTimeInterval: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
            return false
        }
    }

    private func onQueue<Value: Sendable>(_ body: @escaping @Sendable (any Database) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    do {
                        return try body(try self.connected())
                    } catch {
                        if ModelWatcher.isUnreachable(error) {
                            self.database?.close()
                            self.database = nil
                        }
                        throw error
                    }
                })
            }
        }
    }

    private func connected() throws(DatabaseError) -> any Database {
        if let database { return database }
        let opened = try DatabaseConnector.openOnce(url, logger: logger)
        database = opened
        return opened
    }
}
