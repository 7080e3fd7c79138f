import DataGateway
import Foundation

/// Moving a card between boards (a dev SQLite file to a prod Postgres board, say) as a file.
///
/// The file is the card's canonical JSON (``ModelCard/jsonData(prettyPrinted:)``): exporting the imported
/// card from the other board gives the same bytes, with the same version, hash and signature.
extension ModelBoard {
    /// Writes the verified card to a new file at `path`; an existing file is never overwritten.
    public func exportCard(version: String, to path: String) throws(BoardError) {
        let data: Data
        do {
            data = try load(version: version).jsonData(prettyPrinted: true)
        } catch let error as BoardError {
            throw error
        } catch {
            throw .storage("cannot encode model card \(version): \(error)")
        }
        do {
            try DurableFile.write(Array(data), to: path)
        } catch where error.code == EEXIST {
            throw .storage("\(path) already exists; choose another path or remove it first")
        } catch {
            throw .storage("cannot write \(path): \(error)")
        }
    }

    /// Stores the card in `bytes` (read from `place`), verified as any stored card is. Importing a card that
    /// is already on the board changes nothing and returns false; a different card under the same version is
    /// refused. An unsigned card is signed by the signing key, if one is configured, so its stored copy
    /// differs from the file only by that signature.
    @discardableResult
    public func importCard(_ bytes: [UInt8], from place: String) throws(BoardError) -> (card: ModelCard, stored: Bool) {
        let card: ModelCard
        do {
            card = try ModelCard(jsonData: Data(bytes))
            try card.verifyHash()
            try card.verifySignature()
        } catch {
            throw .badCard(place, reason: "\(error)")
        }
        let existing: ModelCard
        do {
            existing = try load(version: card.version)
        } catch {
            guard case .unknownVersion = error else { throw error }
            try store(card)
            return (try load(version: card.version), true)
        }
        var comparable = existing
        if card.signature == nil { comparable.signature = nil }
        guard comparable == card else { throw .importConflict(card.version) }
        return (existing, false)
    }
}
