import DataGateway

/// The aggregate query for a fit in the database, and how to read its one-row result back.
public struct NormalEquationsQuery: Sendable {
    public let sql: String
    public let encoding: DesignEncoding

    static let observationsAlias = "n"
    static let responseSquaresAlias = "sum_yy"
    /// Σy for index 0, else Σxᵢ (features numbered from 1).
    static func sumAlias(_ index: Int) -> String { index == 0 ? "sum_y" : "sum_x\(index)" }
    static func productAlias(_ i: Int, _ j: Int) -> String { "sum_x\(i)_x\(j)" }
    static func responseProductAlias(_ index: Int) -> String { "sum_x\(index)_y" }

    /// The sums from the query's result (one row, as the database returned it).
    public func normalEquations(from result: Frame) throws(ModelError) -> NormalEquations {
        let names = [ModelCard.interceptName] + encoding.featureNames
        let size = names.count
        let observations = try value(Self.observationsAlias, in: result)
        guard observations > 0 else { throw .noCompleteRows(totalRows: 0, columns: encoding.formula.columns) }
        var crossProducts = [Double](repeating: 0, count: size * size)
        var responseProducts = [Double](repeating: 0, count: size)
        crossProducts[0] = observations
        responseProducts[0] = try value(Self.sumAlias(0), in: result)
        for i in 1..<size {
            let sum = try value(Self.sumAlias(i), in: result)
            crossProducts[i] = sum
            crossProducts[i * size] = sum
            responseProducts[i] = try value(Self.responseProductAlias(i), in: result)
            for j in i..<size {
                let product = try value(Self.productAlias(i, j), in: result)
                crossProducts[j * size + i] = product
                crossProducts[i * size + j] = product
            }
        }
        return NormalEquations(
            names: names, observations: Int(observations), crossProducts: crossProducts,
            responseProducts: responseProducts, sumOfSquaredResponses: try value(Self.responseSquaresAlias, in: result))
    }

    private func value(_ alias: String, in result: Frame) throws(ModelError) -> Double {
        guard result.rowCount == 1, let column = try? result.column(alias), let value = column.numeric(0) else {
            throw .missingAggregate(alias)
        }
        return value
    }
}
