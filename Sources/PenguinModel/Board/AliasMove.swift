import Foundation

/// A request to point an alias at a version: what `promote` and `rollback` hand the board after their gate.
public struct AliasMoveRequest: Sendable, Equatable {
    public let alias: String
    public let version: String
    /// The holder the caller saw when it decided (nil: the alias did not exist). The board refuses the move
    /// with ``BoardError/aliasMoved(alias:expected:actual:)`` if another promotion moved the alias meanwhile,
    /// so a gate's comparison is never applied to a holder it did not compare against.
    public let expectedHolder: String?
    public let reason: String
    /// The new holder's accuracy on the current data, recorded with the move; nil when not evaluated.
    public let evaluation: ModelEvaluation?
    /// The previous holder's RMSE on the same data, which the gate compared against.
    public let previousRMSE: Double?

    public init(
        alias: String, version: String, expectedHolder: String?, reason: String,
        evaluation: ModelEvaluation? = nil, previousRMSE: Double? = nil
    ) {
        self.alias = alias
        self.version = version
        self.expectedHolder = expectedHolder
        self.reason = reason
        self.evaluation = evaluation
        self.previousRMSE = previousRMSE
    }

    /// The longest reason kept, in UTF-8 bytes.
    static let maximumReasonBytes = 1_000

    /// Refuses a bad alias name or reason before anything is locked or written.
    func validate() throws(BoardError) {
        _ = try AliasName.checked(alias)
        let trimmed = reason.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .badReason("it is empty; say why the alias moves, e.g. --reason 'lower RMSE on the 2026 data'") }
        guard reason.utf8.count <= Self.maximumReasonBytes else { throw .badReason("it is longer than \(Self.maximumReasonBytes) bytes") }
        if let scalar = reason.firstControlOrFormatScalar { throw .badReason("it contains the control or format character \(scalar.codePointName)") }
    }
}

/// One move of an alias, as the history keeps it.
public struct AliasMove: Sendable, Equatable {
    /// 1, 2, 3, … over the whole board, with no gaps: the order the moves committed in.
    public let sequence: Int
    public let alias: String
    /// The previous holder; nil when this move created the alias.
    public let from: String?
    public let to: String
    public let at: Date
    /// The database user on a database board, else the operating-system user.
    public let by: String
    public let reason: String
    /// The new holder's accuracy on the data at the moment of the move.
    public let evaluation: ModelEvaluation?
    public let previousRMSE: Double?

    public init(
        sequence: Int, alias: String, from: String?, to: String, at: Date, by: String, reason: String,
        evaluation: ModelEvaluation?, previousRMSE: Double?
    ) {
        self.sequence = sequence
        self.alias = alias
        self.from = from
        self.to = to
        self.at = at
        self.by = by
        self.reason = reason
        self.evaluation = evaluation
        self.previousRMSE = previousRMSE
    }

    init(_ request: AliasMoveRequest, sequence: Int, from: String?, at: Date, by: String) {
        self.init(
            sequence: sequence, alias: request.alias, from: from, to: request.version, at: CardTime(at).date, by: by,
            reason: request.reason, evaluation: request.evaluation, previousRMSE: request.previousRMSE)
    }
}

/// Who is moving an alias when no database says: the operating-system user.
enum OperatingSystemUser {
    static var name: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }
}
