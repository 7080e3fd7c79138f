import DataGateway

/// Fits the model without moving the data: the database computes per-group sums in one aggregate query,
/// so only a few numbers per level combination cross the wire, and XᵀX, Xᵀy and the solve happen here.
///
/// This is how the model runs against a table too big for the client. It agrees with the in-process fit
/// to rounding; the only thing it cannot give is a data fingerprint, which needs every row. It reads the
/// source twice: the sums, then the mean absolute error, which needs the coefficients.
public enum InDatabaseTraining {
    public static func fit(_ formula: Formula, from source: SQLSource, on database: any Database) throws(ModelOperationError) -> LinearModel {
        let shape: Frame
        do {
            let quoted = try ([formula.response] + formula.terms).map { name throws(DatabaseError) in try SQLIdentifier(name).quoted }
            shape = try database.query("SELECT \(quoted.joined(separator: ", ")) FROM \(source.sql) WHERE 1 = 0")
        } catch {
            throw .database(error)
        }
        var kinds: [SufficientStatisticsQuery.TermKind] = []
        for name in formula.terms {
            let type: ColumnType
            do { type = try shape.column(name).type } catch { throw .model(.frame(error)) }
            switch type {
            case .double, .int64: kinds.append(.numeric)
            case .string: kinds.append(.categorical)
            default: throw .model(.unsupportedColumnType(column: name, type: type, role: "term"))
            }
        }
        let query: SufficientStatisticsQuery
        do { query = try SQLCompiler.sufficientStatisticsQuery(formula, kinds: kinds, from: source) } catch { throw .compile(error) }
        let sums: Frame
        do { sums = try database.query(query.sql) } catch { throw .database(error) }
        let encoding: DesignEncoding, fit: LeastSquaresFit, dropped: Int
        do {
            let (fitted, equations, totalRows) = try query.fit(from: sums)
            encoding = fitted
            fit = try equations.solve(responseName: formula.response)
            dropped = totalRows - equations.observations
        } catch {
            throw .model(error)
        }
        let withoutMAE = LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: 0, droppedRows: dropped, dataFingerprint: "")
        let maeQuery: (sql: String, parameters: [SQLValue])
        do { maeQuery = try SQLCompiler.meanAbsoluteErrorQuery(withoutMAE.predictor, from: source) } catch { throw .compile(error) }
        let errors: Frame
        do { errors = try database.query(maeQuery.sql, maeQuery.parameters) } catch { throw .database(error) }
        let mae: Double?
        do { mae = try errors.column("mae").numeric(0) } catch { throw .model(.frame(error)) }
        return LinearModel(encoding: encoding, fit: fit, meanAbsoluteError: mae ?? .nan, droppedRows: dropped, dataFingerprint: "")
    }
}
