import DataGateway

/// Why an operation of a model against the database (fitting in it, scoring, evaluating) failed: the
/// failure of the part that refused, so a caller can tell a database refusal from a model that cannot run.
public enum ModelOperationError: Error, Equatable, CustomStringConvertible {
    /// The database refused a statement or could not be reached.
    case database(DatabaseError)
    /// The scores table is missing, or lacks a column scores go to.
    case missingScoresTable(SQLIdentifier, DatabaseError)
    /// The data cannot be fitted or scored with this formula.
    case model(ModelError)
    /// The model card cannot be used.
    case card(ModelCardError)
    /// A row cannot be scored with the card's encoding.
    case record(RecordError)
    /// The model cannot be compiled to SQL.
    case compile(SQLCompileError)
    /// The rows read in batches could not be kept in temporary files for the second pass.
    case spill(FrameSpillError)

    /// The underlying failure's own description, so messages read as they did before the wrapping.
    public var description: String {
        switch self {
        case .database(let error), .missingScoresTable(_, let error): error.description
        case .model(let error): error.description
        case .card(let error): error.description
        case .record(let error): error.description
        case .compile(let error): error.description
        case .spill(let error): error.description
        }
    }
}
