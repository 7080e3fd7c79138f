import DataGateway
import Foundation

/// Aliases on the database board: the `model_aliases` and `model_alias_history` tables of migration 0005.
extension DatabaseModelBoard {
    /// The channel every promotion notifies on Postgres, with the alias as payload, so a server following an
    /// alias hears of a move at once (`LISTEN penguins_model_alias`).
    public static let aliasChannel = "penguins_model_alias"

    /// The `pg_advisory_xact_lock` key that serializes alias moves ("penguins" in ASCII): an advisory lock
    /// needs no privilege beyond connecting, unlike `LOCK TABLE`.
    static let aliasLockKey: Int64 = 0x70656e6775696e73

    public func aliases() throws(BoardError) -> [String: String] {
        let frame = try run { () throws(DatabaseError) in try database.query("SELECT alias, version FROM model_aliases") }
        var held: [String: String] = [:]
        guard let alias = try? frame.column("alias"), let version = try? frame.column("version") else { return held }
        for row in 0..<frame.rowCount {
            if let name = alias.string(row), let holder = version.string(row) { held[name] = holder }
        }
        return held
    }

    public func aliasHistory(alias: String?) throws(BoardError) -> [AliasMove] {
        let columns = "sequence, alias, from_version, to_version, moved_at, moved_by, reason, rmse, mae, r_squared, n, from_rmse"
        let frame = try run { () throws(DatabaseError) in
            if let alias {
                try database.query("SELECT \(columns) FROM model_alias_history WHERE alias = $1 ORDER BY sequence", [.text(alias)])
            } else {
                try database.query("SELECT \(columns) FROM model_alias_history ORDER BY sequence")
            }
        }
        do {
            return try Self.moves(in: frame)
        } catch {
            throw .storage("cannot read model_alias_history: \(error)")
        }
    }

    @discardableResult
    public func promote(_ request: AliasMoveRequest) throws(BoardError) -> AliasMove {
        try request.validate()
        do {
            return try database.transaction(.immediate) { () throws -> AliasMove in
                if database.kind == .postgres {
                    try database.execute("SELECT pg_advisory_xact_lock($1)", [.integer(Self.aliasLockKey)])
                }
                let holder = try database.query("SELECT version FROM model_aliases WHERE alias = $1", [.text(request.alias)])
                let current = holder.rowCount == 0 ? nil : try holder.column("version").string(0)
                guard current == request.expectedHolder else {
                    throw BoardError.aliasMoved(alias: request.alias, expected: request.expectedHolder, actual: current)
                }
                let stored = try database.query("SELECT card FROM models WHERE version = $1", [.text(request.version)])
                guard stored.rowCount == 1, let json = try stored.column("card").string(0) else {
                    throw BoardError.unknownVersion(request.version, available: [])
                }
                // A card that fails verification can never hold an alias.
                _ = try decodeVerified(Array(json.utf8), from: "the models table (version \(request.version))", trusting: try keys.trustedKeys())
                let last = try database.query("SELECT coalesce(max(sequence), 0) AS last FROM model_alias_history")
                let move = AliasMove(
                    request, sequence: Int(try last.column("last").numeric(0) ?? 0) + 1, from: current, at: Date(),
                    by: try mover())
                try database.execute(
                    """
                    INSERT INTO model_alias_history
                        (sequence, alias, from_version, to_version, moved_at, moved_by, reason, rmse, mae, r_squared, n, from_rmse)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                    """,
                    [
                        .integer(Int64(move.sequence)), .text(move.alias), move.from.map(SQLValue.text) ?? .null, .text(move.to),
                        .text(CardTime(move.at).text), .text(move.by), .text(move.reason),
                        Self.number(move.evaluation?.rmse), Self.number(move.evaluation?.mae), Self.number(move.evaluation?.rSquared),
                        move.evaluation.map { .integer(Int64($0.n)) } ?? .null, Self.number(move.previousRMSE),
                    ])
                try database.execute(
                    """
                    INSERT INTO model_aliases (alias, version, sequence) VALUES ($1, $2, $3)
                    ON CONFLICT (alias) DO UPDATE SET version = excluded.version, sequence = excluded.sequence
                    """,
                    [.text(move.alias), .text(move.to), .integer(Int64(move.sequence))])
                if database.kind == .postgres {
                    // Delivered only when this transaction commits, and never if it rolls back.
                    try database.execute("SELECT pg_notify($1, $2)", [.text(Self.aliasChannel), .text(move.alias)])
                }
                return move
            }
        } catch let error as BoardError {
            throw error
        } catch let error as DatabaseError {
            throw .database(error)
        } catch {
            throw .storage("cannot move alias \(request.alias): \(error)")
        }
    }

    /// The database user on Postgres (`current_user`); SQLite has none, so the operating-system user.
    private func mover() throws -> String {
        guard database.kind == .postgres else { return OperatingSystemUser.name }
        return try database.query("SELECT current_user AS who").column("who").string(0) ?? OperatingSystemUser.name
    }

    private func run(_ body: () throws(DatabaseError) -> Frame) throws(BoardError) -> Frame {
        do {
            return try body()
        } catch {
            throw .database(error)
        }
    }

    private static func number(_ value: Double?) -> SQLValue {
        value.map(SQLValue.double) ?? .null
    }

    private static func moves(in frame: Frame) throws -> [AliasMove] {
        let sequence = try frame.column("sequence"), alias = try frame.column("alias")
        let from = try frame.column("from_version"), to = try frame.column("to_version")
        let at = try frame.column("moved_at"), by = try frame.column("moved_by"), reason = try frame.column("reason")
        let rmse = try frame.column("rmse"), mae = try frame.column("mae"), rSquared = try frame.column("r_squared")
        let n = try frame.column("n"), fromRMSE = try frame.column("from_rmse")
        return (0..<frame.rowCount).map { row in
            let target = to.string(row) ?? ""
            var evaluation: ModelEvaluation?
            if let rmse = rmse.numeric(row), let mae = mae.numeric(row), let rSquared = rSquared.numeric(row), let n = n.numeric(row) {
                evaluation = ModelEvaluation(version: target, rmse: rmse, mae: mae, rSquared: rSquared, n: Int(n))
            }
            return AliasMove(
                sequence: Int(sequence.numeric(row) ?? 0), alias: alias.string(row) ?? "", from: from.string(row), to: target,
                at: at.storedDate(row), by: by.string(row) ?? "", reason: reason.string(row) ?? "",
                evaluation: evaluation, previousRMSE: fromRMSE.numeric(row))
        }
    }
}
