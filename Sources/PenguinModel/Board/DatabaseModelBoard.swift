import DataGateway

/// The default board: the `models` table of the connected database, so models live beside their data.
public struct DatabaseModelBoard: ModelBoard {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    public func store(_ card: ModelCard) throws(BoardError) {
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
        var decoded: [ModelCard] = []
        for row in 0..<frame.rowCount {
            let place = "the models table (version \(versions.string(row) ?? "?"))"
            decoded.append(try decodeVerified(Array((cards.string(row) ?? "").utf8), from: place))
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
