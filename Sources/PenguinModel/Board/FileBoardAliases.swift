import DataGateway
import Foundation
import Glibc

/// Aliases on a file board: `aliases.json` beside the cards holds every alias and the whole history.
///
/// A move takes an exclusive `flock` on `.aliases.lock`, reads the file, checks and appends, and replaces the
/// file by writing a temporary one, `fsync`ing it and renaming it over the old one: readers never take the
/// lock and never see half a file, and a crash leaves the old file or the new one, never a mix.
extension FileModelBoard {
    /// The file beside the cards; its name does not start with a digit, so it is never taken for a card.
    static let aliasesFileName = "aliases.json"

    public func aliases() throws(BoardError) -> [String: String] {
        try readAliases().aliases
    }

    public func aliasHistory(alias: String?) throws(BoardError) -> [AliasMove] {
        try readAliases().history.map(\.move).filter { alias == nil || $0.alias == alias }
    }

    @discardableResult
    public func promote(_ request: AliasMoveRequest) throws(BoardError) -> AliasMove {
        try request.validate()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .storage("cannot create the board directory \(directory): \(error.localizedDescription)")
        }
        let lock = try BoardLock(path: (directory as NSString).appendingPathComponent(".aliases.lock"))
        defer { lock.release() }
        var state = try readAliases()
        let current = state.aliases[request.alias]
        guard current == request.expectedHolder else {
            throw .aliasMoved(alias: request.alias, expected: request.expectedHolder, actual: current)
        }
        // A card that fails verification can never hold an alias.
        _ = try load(version: request.version)
        let move = AliasMove(
            request, sequence: (state.history.last?.sequence ?? 0) + 1, from: current, at: Date(), by: OperatingSystemUser.name)
        state.aliases[move.alias] = move.to
        state.history.append(StoredMove(move))
        try write(state)
        return move
    }

    private var aliasesPath: String { (directory as NSString).appendingPathComponent(Self.aliasesFileName) }

    /// The aliases file, or an empty state when there is none yet.
    private func readAliases() throws(BoardError) -> AliasesFile {
        let bytes: [UInt8]
        do {
            bytes = try OpenedFile(path: aliasesPath).contents(limit: Self.maximumCardBytes)
        } catch .cannotOpen(permissionDenied: false) where !FileManager.default.fileExists(atPath: aliasesPath) {
            return AliasesFile(aliases: [:], history: [])
        } catch {
            throw .storage("cannot read \(aliasesPath): \(error.reason)")
        }
        let state: AliasesFile
        do {
            state = try JSONDecoder().decode(AliasesFile.self, from: Data(bytes))
        } catch {
            throw .storage("\(aliasesPath) is not a valid aliases file: \(error); restore it from a backup")
        }
        // Whoever writes the directory writes this file: its names reach pages and logs, so they obey the rule.
        if let bad = state.aliases.keys.first(where: { !AliasName.isValid($0) }) {
            throw .storage("\(aliasesPath) names an invalid alias \(String(bad.prefix(100)).debugDescription)")
        }
        return state
    }

    /// Replaces the aliases file atomically and durably: temporary file, `fsync`, `rename`, `fsync` of the directory.
    private func write(_ state: AliasesFile) throws(BoardError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let temporary = aliasesPath + ".tmp-\(getpid())"
        do {
            let data = try encoder.encode(state)
            unlink(temporary)  // left by a crash; the lock is held, so no one else is writing it
            try DurableFile.write(Array(data), to: temporary)
            guard rename(temporary, aliasesPath) == 0 else { throw DurableFile.Failure(operation: "rename", code: errno) }
            DurableFile.syncDirectory(directory)
        } catch {
            unlink(temporary)
            throw .storage("cannot write \(aliasesPath): \(error)")
        }
    }
}

/// The aliases file's content.
private struct AliasesFile: Codable {
    var aliases: [String: String]
    var history: [StoredMove]
}

/// One history entry as the aliases file writes it, with the same fields as `model_alias_history`.
private struct StoredMove: Codable {
    let sequence: Int
    let alias: String
    let from: String?
    let to: String
    let at: String
    let by: String
    let reason: String
    let rmse: Double?
    let mae: Double?
    let rSquared: Double?
    let n: Int?
    let fromRMSE: Double?

    private enum CodingKeys: String, CodingKey {
        case sequence, alias, from, to, at, by, reason, rmse, mae, n
        case rSquared = "r_squared"
        case fromRMSE = "from_rmse"
    }

    init(_ move: AliasMove) {
        sequence = move.sequence
        alias = move.alias
        from = move.from
        to = move.to
        at = CardTime(move.at).text
        by = move.by
        reason = move.reason
        rmse = move.evaluation?.rmse
        mae = move.evaluation?.mae
        rSquared = move.evaluation?.rSquared
        n = move.evaluation?.n
        fromRMSE = move.previousRMSE
    }

    var move: AliasMove {
        var evaluation: ModelEvaluation?
        if let rmse, let mae, let rSquared, let n { evaluation = ModelEvaluation(version: to, rmse: rmse, mae: mae, rSquared: rSquared, n: n) }
        return AliasMove(
            sequence: sequence, alias: alias, from: from, to: to, at: CardTime(parsing: at)?.date ?? .distantPast, by: by,
            reason: reason, evaluation: evaluation, previousRMSE: fromRMSE)
    }
}
