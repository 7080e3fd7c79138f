import DataGateway

/// The rows a model trains on: only the formula's columns, and only rows with a value in each of them.
public struct CompleteCases: Sendable {
    /// The response and term columns, in formula order, with no nulls.
    public let frame: Frame
    /// How many rows of the source frame were left out.
    public let droppedRows: Int

    /// Keeping only the used columns makes the data fingerprint independent of unrelated columns, so the
    /// same training data gives the same fingerprint whatever query produced it.
    public init(of source: Frame, for formula: Formula) throws(ModelError) {
        frame = try Self.rows(of: source, for: formula)
        droppedRows = source.rowCount - frame.rowCount
        guard frame.rowCount > 0 else { throw .noCompleteRows(totalRows: source.rowCount, columns: formula.columns) }
    }

    /// The complete cases of `source`, possibly none: one batch of a streamed read may have none.
    static func rows(of source: Frame, for formula: Formula) throws(ModelError) -> Frame {
        var columns: [Column] = []
        for name in formula.columns { columns.append(try DesignEncoding.column(name, in: source)) }
        do {
            return try Frame(columns: columns).droppingRows(withNullsIn: formula.columns)
        } catch {
            throw .frame(error)
        }
    }
}
