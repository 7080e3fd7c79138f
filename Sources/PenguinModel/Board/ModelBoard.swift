import Foundation
import DataGateway

/// Where versioned model cards live, like a pins board: store every version, list them, load one.
///
/// Every card read back is decoded and its content hash verified, so a card edited in place is caught
/// before it is served or scored.
public protocol ModelBoard {
    /// Stores a new version; storing a version that already exists is an error.
    func store(_ card: ModelCard) throws(BoardError)
    /// Every version on the board, newest first (``ModelCard/isNewer(than:)``).
    func list() throws(BoardError) -> [ModelCard]
    /// The named version, or the newest when `version` is nil.
    func load(version: String?) throws(BoardError) -> ModelCard
    /// Every alias and the version it holds.
    func aliases() throws(BoardError) -> [String: String]
    /// Every move of `alias` (of every alias when nil), oldest first.
    func aliasHistory(alias: String?) throws(BoardError) -> [AliasMove]
    /// Points the alias at the version and appends the move to the history, as one atomic step that no
    /// other promotion interleaves with: a transaction (Postgres: under an advisory lock, and with
    /// `NOTIFY penguins_model_alias, '<alias>'`; SQLite: `BEGIN IMMEDIATE`), or on a file board, under a lock
    /// file with the aliases file replaced atomically. The version must be on the board and pass
    /// verification; the alias must still be held by ``AliasMoveRequest/expectedHolder``.
    @discardableResult
    func promote(_ request: AliasMoveRequest) throws(BoardError) -> AliasMove
}

extension ModelBoard {
    /// The verified card `reference` names: the version, the newest by creation time, or the alias holder.
    public func resolve(_ reference: ModelReference) throws(BoardError) -> ModelCard {
        switch reference {
        case .version(let version): return try load(version: version)
        case .latest: return try load(version: nil)
        case .alias(let alias):
            guard let version = try aliases()[alias] else { throw .unknownAlias(alias) }
            return try load(version: version)
        }
    }

    /// What a server or command uses when told nothing: `production` when that alias exists, else `latest`.
    public func defaultReference() throws(BoardError) -> ModelReference {
        try aliases()[AliasName.production] != nil ? .alias(AliasName.production) : .latest
    }

    /// The version the alias held before its last move: where `rollback` takes it.
    public func previousHolder(of alias: String) throws(BoardError) -> String {
        guard let last = try aliasHistory(alias: alias).last else { throw .unknownAlias(alias) }
        guard let previous = last.from else { throw .nothingToRollBack(alias, holder: last.to) }
        return previous
    }
}

extension ModelBoard {
    /// The newest verified card: "latest" goes by creation time (``ModelCard/isNewer(than:)``), never by
    /// the order cards were stored in.
    func newest() throws(BoardError) -> ModelCard {
        guard let newest = try list().first else { throw .empty }
        return newest
    }

    /// Decodes and verifies one stored card, naming where it came from when it is bad: its hash, its
    /// signature if it has one, and, when `trusted` is not nil, that one of those keys signed it.
    func decodeVerified(_ bytes: [UInt8], from place: String, trusting trusted: Set<String>?) throws(BoardError) -> ModelCard {
        do {
            let card = try ModelCard(jsonData: Data(bytes))
            try card.verifyHash()
            try card.verifySignature()
            if let trusted { try card.verifyTrust(trusted) }
            return card
        } catch {
            throw .badCard(place, reason: "\(error)")
        }
    }
}

/// Why a board operation failed.
public enum BoardError: Error, CustomStringConvertible {
    case empty
    case unknownVersion(String, available: [String])
    case duplicateVersion(String)
    case badCard(String, reason: String)
    case storage(String)
    case database(DatabaseError)
    /// Text that is neither `latest`, a version nor an alias name.
    case badReference(String)
    case badAlias(String)
    case badReason(String)
    case unknownAlias(String)
    /// Another promotion moved the alias after the caller looked at it.
    case aliasMoved(alias: String, expected: String?, actual: String?)
    /// The alias has had one holder only.
    case nothingToRollBack(String, holder: String)
    /// A signing or trusted-keys file cannot be used.
    case keys(String)
    /// An imported card has the version of a different card on the board.
    case importConflict(String)

    public var description: String {
        switch self {
        case .empty:
            "the model board is empty; run `penguins train` first"
        case .unknownVersion(let version, let available):
            "no model version \(version) on the board"
                + (available.isEmpty ? "; it is empty" : "; available: \(available.prefix(5).joined(separator: ", "))")
                + (available.count > 5 ? ", …" : "")
        case .duplicateVersion(let version):
            "model version \(version) is already on the board"
        case .badCard(let place, let reason):
            "the model card in \(place) cannot be used: \(reason)"
        case .storage(let reason):
            reason
        case .database(let error):
            "model board: \(error)"
        case .badReference(let text):
            "\(String(text.prefix(100)).debugDescription) is not a model reference: give a version (it starts with its date, "
                + "e.g. 20250101T120000Z-1a2b3c4d), latest, or an alias name (lower-case letters, digits, - and _, starting with a letter)"
        case .badAlias(let name):
            "\(String(name.prefix(100)).debugDescription) is not an alias name: use 1 to 63 lower-case letters, digits, - and _, "
                + "starting with a letter, and not 'latest'"
        case .badReason(let problem):
            "the reason cannot be used: \(problem)"
        case .unknownAlias(let alias):
            "no alias \(alias) on the board; `penguins models promote VERSION --alias \(alias) --reason TEXT` creates it"
        case .aliasMoved(let alias, let expected, let actual):
            "alias \(alias) moved from \(expected ?? "nothing") to \(actual ?? "nothing") while this command ran; run it again"
        case .keys(let problem):
            problem
        case .importConflict(let version):
            "model version \(version) is already on the board with different content or signature; "
                + "the board keeps the card it has (compare them with `penguins models export`)"
        case .nothingToRollBack(let alias, let holder):
            "alias \(alias) has had one holder only (\(holder)), so there is nothing to roll back to"
        }
    }
}
