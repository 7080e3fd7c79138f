/// Ordinary least squares by Householder QR, the numerically careful path used when the rows are in memory.
///
/// QR works on X itself rather than XᵀX, so it keeps all the digits the data has; rank deficiency shows as
/// a vanishing diagonal entry of R, which identifies the first feature that adds nothing new.
public enum LeastSquares {
    /// |R_jj| at or below this fraction of ‖x_j‖ means column j lies (numerically) in the span of the
    /// columns before it. Relative to each column's own norm so that the units of a feature do not matter.
    public static let rankTolerance = 1e-10

    /// Fits `response` on `design`, which must start with the intercept column.
    public static func fit(_ design: DesignMatrix, response: [Double], responseName: String) throws(ModelError) -> LeastSquaresFit {
        let rows = design.rowCount
        let columns = design.columnCount
        precondition(response.count == rows, "\(response.count) responses for \(rows) rows")
        guard rows > columns else { throw .tooFewRows(rows: rows, parameters: columns) }
        let totalSumOfSquares = try Self.totalSumOfSquares(response, name: responseName)
        try checkConstantColumns(design)

        var a = design.values
        var qty = response
        var r = UpperTriangular(size: columns)
        let norms = (0..<columns).map { column in
            a[(column * rows)..<((column + 1) * rows)].reduce(0) { $0 + $1 * $1 }.squareRoot()
        }
        for j in 0..<columns {
            let base = j * rows
            var sumOfSquares = 0.0
            for i in j..<rows { sumOfSquares += a[base + i] * a[base + i] }
            let norm = sumOfSquares.squareRoot()
            for i in 0..<j { r[i, j] = a[base + i] }
            guard norm > rankTolerance * norms[j] else {
                let partners = r.collinearPartners(ofColumn: j, names: design.names, norms: norms)
                throw rankDeficiency(column: j, names: design.names, partners: partners, constantValue: nil)
            }
            let alpha = a[base + j] > 0 ? -norm : norm
            a[base + j] -= alpha
            var vtv = 0.0
            for i in j..<rows { vtv += a[base + i] * a[base + i] }
            // Through pointers: passing `a` as both the reflector and the inout target made Swift copy the
            // whole matrix for every column, which was most of the time of a 5M-row fit.
            a.withUnsafeMutableBufferPointer { a in
                let reflector = UnsafeBufferPointer(rebasing: a[base..<(base + rows)])
                for k in (j + 1)..<columns {
                    reflect(UnsafeMutableBufferPointer(rebasing: a[(k * rows)..<((k + 1) * rows)]), by: reflector, from: j, vtv: vtv)
                }
                qty.withUnsafeMutableBufferPointer { qty in reflect(qty, by: reflector, from: j, vtv: vtv) }
            }
            r[j, j] = alpha
        }
        let coefficients = r.solve(Array(qty[0..<columns]))
        let fitted = design.predictions(coefficients: coefficients)
        var residualSumOfSquares = 0.0
        for row in 0..<rows { residualSumOfSquares += (response[row] - fitted[row]) * (response[row] - fitted[row]) }
        return try LeastSquaresFit(
            names: design.names, r: r, coefficients: coefficients, observations: rows,
            residualSumOfSquares: residualSumOfSquares, totalSumOfSquares: totalSumOfSquares)
    }

    /// Applies the Householder reflection I − 2vvᵀ/(vᵀv), v = `reflector[first...]`, to `target[first...]`.
    private static func reflect(_ target: UnsafeMutableBufferPointer<Double>, by reflector: UnsafeBufferPointer<Double>, from first: Int, vtv: Double) {
        var dot = 0.0
        for i in first..<target.count { dot += reflector[i] * target[i] }
        let scale = 2 * dot / vtv
        for i in first..<target.count { target[i] -= scale * reflector[i] }
    }

    /// Names exactly constant features up front, with their value, which is the common case (a filter that
    /// leaves one sex, say) and deserves a plainer message than "collinear with the intercept".
    private static func checkConstantColumns(_ design: DesignMatrix) throws(ModelError) {
        let rows = design.rowCount
        for column in 1..<design.columnCount {
            let first = design[0, column]
            guard (1..<rows).allSatisfy({ design[$0, column] == first }) else { continue }
            throw first == 0 ? .allZero(feature: design.names[column]) : .constant(feature: design.names[column], value: first)
        }
    }

    static func totalSumOfSquares(_ response: [Double], name: String) throws(ModelError) -> Double {
        let mean = response.reduce(0, +) / Double(response.count)
        let total = response.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { throw .constantResponse(column: name, value: response[0]) }
        return total
    }
}
