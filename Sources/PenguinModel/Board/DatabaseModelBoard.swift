import DataGateway

/// The default board: the `models` table of the connected database, so models live beside their data.
public struct DatabaseModelBoard: ModelBoard {
    let database: any Database
    let keys: BoardKeys

    public init(database: any Database) {
        self.init(database: database, keys: BoardKeys())
    }

    init(database: any Database, keys: BoardKeys) {
        self.database = database
        self.keys = keys
    }

    public func store(_ card: ModelCard) throws(BoardError) {
        let card = try keys.prepared(card)
        let json: String
        do {
            json = String(decoding: try card.jsonData(prettyPrinted: false), as: UTF8.self)
        } catch {
            throw .storage("cannot encode model card: \(error)")
        }
        do {
            try database.execute(
                "INSERT INTO models (version, name, created_at, card) VALUES ($1, $2, $3, $4)",
                [.text(card.version), .text(card.name), .text(card.createdAtText), .text(json)])
        } catch where error.kind == .constraintViolation {
            throw .duplicateVersion(card.version)
        } catch {
            throw .database(error)
        }
    }

    /// Reads and verifies only the card asked for, so another version that fails verification or trust
    /// does not stand in the way of this one; the newest still comes from the fully verified ``list()``.
    public func load(version: String?) throws(BoardError) -> ModelCard {
        guard let version else { return try newest() }
        let frame: Frame
        do {
            frame = try database.query("SELECT card FROM models WHERE version = $1", [.text(version)])
        } catch {
            throw .database(error)
        }
        guard frame.rowCount == 1, let json = try? frame.column("card").string(0) else {
            throw .unknownVersion(version, available: try list().map(\.version))
        }
        return try decodeVerified(Array(json.utf8), from: "the models table (version \(version))", trusting: try keys.trustedKeys())
    }

    public func list() throws(BoardError) -> [ModelCard] {
        let frame: Frame
        do {
            frame = try database.query("SELECT version, card FROM models")
        } catch {
            throw .database(error)
        }
        let versions = try? frame.column("version", as: .string)
        let cards = try? frame.column("card", as: .string)
        guard let versions, let cards else { return [] }
        let trusted = try keys.trustedKeys()
        var decoded: [ModelCard] = []
        for row in 0..<frame.rowCount {
            let place = "the models table (version \(versions.string(row) ?? "?"))"
            decoded.append(try decodeVerified(Array((cards.string(row) ?? "").utf8), from: place, trusting: trusted))
        }
        return decoded.sorted { $0.isNewer(than: $1) }
    }
}

extension ModelCard {
    /// `created_at` as the card writes it, ISO 8601 UTC to the microsecond: both engines store it exactly.
    var createdAtText: String {
        CardTime(createdAt).text
    }
}
