import DataGateway
import Foundation

/// A board in a directory, one `VERSION.json` per version: for models trained by a read-only role,
/// shipped with a container, or kept under version control.
public struct FileModelBoard: ModelBoard {
    public let directory: String
    let keys: BoardKeys

    /// Above the largest card ``ModelCard`` accepts (10,000 levels of 1,000 bytes, each written about four times).
    static let maximumCardBytes = 64 << 20

    public init(directory: String) {
        self.init(directory: directory, keys: BoardKeys())
    }

    init(directory: String, keys: BoardKeys) {
        self.directory = directory
        self.keys = keys
    }

    public func store(_ card: ModelCard) throws(BoardError) {
        let card = try keys.prepared(card)
        let path = self.path(of: card.version)
        guard !FileManager.default.fileExists(atPath: path) else { throw .duplicateVersion(card.version) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // Written to a temporary name and renamed, so a reader never sees half a card.
            try card.jsonData(prettyPrinted: true).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .storage("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Reads and verifies only the card asked for, so another version that fails verification or trust
    /// does not stand in the way of this one; the newest still comes from the fully verified ``list()``.
    public func load(version: String?) throws(BoardError) -> ModelCard {
        guard let version else { return try newest() }
        let path = self.path(of: version)
        // A version is a file name only when it is one: no separators, no dot-dot.
        guard !version.contains("/"), !version.hasPrefix("."), FileManager.default.fileExists(atPath: path) else {
            throw .unknownVersion(version, available: try list().map(\.version))
        }
        let card = try readCard(at: path, trusting: try keys.trustedKeys())
        guard card.version == version else {
            throw .badCard(path, reason: "it holds version \(card.version); the file name must match it")
        }
        return card
    }

    public func list() throws(BoardError) -> [ModelCard] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .storage("cannot read the board directory \(directory): \(error.localizedDescription)")
        }
        let trusted = try keys.trustedKeys()
        var cards: [ModelCard] = []
        for name in names where name.hasSuffix(".json") && name != Self.aliasesFileName {
            let path = (directory as NSString).appendingPathComponent(name)
            let card = try readCard(at: path, trusting: trusted)
            guard card.version + ".json" == name else {
                throw .badCard(path, reason: "it holds version \(card.version); the file name must match it")
            }
            cards.append(card)
        }
        return cards.sorted { $0.isNewer(than: $1) }
    }

    /// Whoever writes the directory chooses what a name points at: only a regular file of bounded size is
    /// read, so a link to /dev/zero or a FIFO cannot exhaust memory or hang the reader.
    private func readCard(at path: String, trusting trusted: Set<String>?) throws(BoardError) -> ModelCard {
        let bytes: [UInt8]
        do {
            bytes = try OpenedFile(path: path).contents(limit: Self.maximumCardBytes)
        } catch {
            throw .storage("cannot read \(path): \(error.reason)")
        }
        return try decodeVerified(bytes, from: path, trusting: trusted)
    }

    private func path(of version: String) -> String {
        (directory as NSString).appendingPathComponent(version + ".json")
    }
}
