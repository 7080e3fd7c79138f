/// The model matrix: an intercept column of ones followed by the feature columns, stored column-major in
/// one contiguous buffer so the QR factorisation walks memory in order.
public struct DesignMatrix: Sendable, Equatable {
    /// `(Intercept)` followed by the feature names.
    public let names: [String]
    public let rowCount: Int
    /// Column-major: entry (row, column) is at `column * rowCount + row`.
    public let values: [Double]

    public var columnCount: Int { names.count }

    public subscript(row: Int, column: Int) -> Double { values[column * rowCount + row] }

    /// Xβ for the given coefficients (intercept first).
    public func predictions(coefficients: [Double]) -> [Double] {
        precondition(coefficients.count == columnCount, "\(coefficients.count) coefficients for \(columnCount) columns")
        var fitted = [Double](repeating: 0, count: rowCount)
        for column in 0..<columnCount {
            let coefficient = coefficients[column]
            let base = column * rowCount
            for row in 0..<rowCount { fitted[row] += coefficient * values[base + row] }
        }
        return fitted
    }
}
