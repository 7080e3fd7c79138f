import DataGateway

/// Fits the model without moving the data: the database computes per-group sums in one aggregate query,
/// so only a few numbers per level combination cross the wire, and XᵀX, Xᵀy and the solve happen here.
///
/// This is how the model runs against a table too big for the client. It agrees with the in-process fit
/// to rounding; the only thing it cannot give is a data fingerprint, which needs every row. It reads the
/// source twice: the sums, then the mean absolute error, which needs the coefficients.
public enum InDatabaseTraining {
    public static func fit(_ formula: Formula, from source: SQLSource, on database: any Database) throws -> LinearModel {
        let quoted = try ([formula.response] + formula.terms).map { name in try SQLIdentifier(name).quoted }
        let shape = try database.query("SELECT \(quoted.joined(separator: ", ")) FROM \(source.sql) WHERE 1 = 0")
        var kinds: [SufficientStatisticsQuery.TermKind] = []
        for name in formula.terms {
            switch try shape.column(name).type {
            case .double, .int64: kinds.append(.numeric)
            case .string: kinds.append(.categorical)
            case let type: throw ModelError.unsupportedColumnType(column: name, type: type, role: "term")
            }
        }
        let query = try SQLCompiler.sufficientStatisticsQuery(formula, kinds: kinds, from: source)
        let (encoding, equations, totalRows) = try query.fit(from: try database.query(query.sql))
        let fit = try equations.solve(responseName: formula.response)
        let dropped = totalRows - equations.observations
        let withoutMAE = LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: 0, droppedRows: dropped, dataFingerprint: "")
        let maeQuery = try SQLCompiler.meanAbsoluteErrorQuery(withoutMAE.predictor, from: source)
        let mae = try database.query(maeQuery.sql, maeQuery.parameters).column("mae").numeric(0)
        return LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: mae ?? .nan, droppedRows: dropped, dataFingerprint: "")
    }
}
