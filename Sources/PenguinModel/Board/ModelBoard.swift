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
}

extension ModelBoard {
    public func load(version: String?) throws(BoardError) -> ModelCard {
        let cards = try list()
        guard let version else {
            guard let newest = cards.first else { throw .empty }
            return newest
        }
        guard let card = cards.first(where: { $0.version == version }) else {
            throw .unknownVersion(version, available: cards.map(\.version))
        }
        return card
    }

    /// Decodes and verifies one stored card, naming where it came from when it is bad.
    func decodeVerified(_ bytes: [UInt8], from place: String) throws(BoardError) -> ModelCard {
        do {
            let card = try ModelCard(jsonData: Data(bytes))
            try card.verifyHash()
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
        }
    }
}
