import DataGateway

/// Fits the model without moving the data: the database computes XᵀX and Xᵀy in one aggregate query,
/// so only a p × p matrix crosses the wire, and the solve happens here.
///
/// This is how the model runs against a table too big for the client. It agrees with the in-process fit
/// to rounding; the only thing it cannot give is a data fingerprint, which needs every row.
public enum InDatabaseTraining {
    public static func fit(_ formula: Formula, from source: SQLSource, on database: any Database) throws -> LinearModel {
        let columns = [formula.response] + formula.terms
        let quoted = try columns.map { name in try SQLIdentifier(name).quoted }
        let complete = quoted.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        let shape = try database.query("SELECT \(quoted.joined(separator: ", ")) FROM \(source.sql) WHERE 1 = 0")
        var terms: [TermEncoding] = []
        for (name, column) in zip(formula.terms, quoted.dropFirst()) {
            switch try shape.column(name).type {
            case .double, .int64:
                terms.append(.numeric(name))
            case .string:
                let levels = try database.query("SELECT DISTINCT \(column) AS level FROM \(source.sql) WHERE \(complete)")
                    .column("level").distinctStrings()
                terms.append(.categorical(name, levels: levels))
            case let type:
                throw ModelError.unsupportedColumnType(column: name, type: type, role: "term")
            }
        }
        let encoding = try DesignEncoding(response: formula.response, terms: terms)
        let query = try SQLCompiler.normalEquationsQuery(encoding, from: source)
        let fit = try query.normalEquations(from: try database.query(query.sql)).solve(responseName: formula.response)
        let counts = try database.query(
            "SELECT COUNT(*) AS total, SUM(CASE WHEN \(complete) THEN 1 ELSE 0 END) AS complete FROM \(source.sql)")
        let dropped = Int((try counts.column("total").numeric(0) ?? 0) - (try counts.column("complete").numeric(0) ?? 0))
        let withoutMAE = LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: 0, droppedRows: dropped, dataFingerprint: "")
        let mae = try database.query(SQLCompiler.meanAbsoluteErrorQuery(withoutMAE.predictor, from: source)).column("mae").numeric(0)
        return LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: mae ?? .nan, droppedRows: dropped, dataFingerprint: "")
    }
}
