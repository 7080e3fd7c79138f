/// The sufficient statistics of a least-squares fit: n, XᵀX, Xᵀy and yᵀy.
///
/// They are what a database can compute in one aggregate query (see ``SQLCompiler/normalEquationsQuery(_:from:)``),
/// so a model can be fitted on a table without moving its rows. Solving them squares the condition number,
/// which is why the in-memory path uses QR instead.
public struct NormalEquations: Sendable, Equatable {
    /// `(Intercept)` followed by the feature names.
    public let names: [String]
    public let observations: Int
    /// XᵀX, column-major (symmetric); entry (0, 0) is n and row 0 holds the column sums.
    public let crossProducts: [Double]
    /// Xᵀy; entry 0 is Σy.
    public let responseProducts: [Double]
    /// Σy².
    public let sumOfSquaredResponses: Double

    /// The pivot of column j squared, relative to (XᵀX)_jj, at or below which column j counts as a combination
    /// of the earlier ones: (1e-7)², because forming XᵀX already spends half of the double's digits.
    public static let rankTolerance = 1e-14

    /// The sums as a database returned them; ``NormalEquationsQuery/normalEquations(from:)`` builds this.
    public init(names: [String], observations: Int, crossProducts: [Double], responseProducts: [Double], sumOfSquaredResponses: Double) {
        precondition(crossProducts.count == names.count * names.count && responseProducts.count == names.count, "sizes disagree with names")
        self.names = names
        self.observations = observations
        self.crossProducts = crossProducts
        self.responseProducts = responseProducts
        self.sumOfSquaredResponses = sumOfSquaredResponses
    }

    /// The sums of an in-memory design, the same numbers the aggregate query returns.
    public init(design: DesignMatrix, response: [Double]) {
        let size = design.columnCount
        var crossProducts = [Double](repeating: 0, count: size * size)
        var responseProducts = [Double](repeating: 0, count: size)
        for i in 0..<size {
            for row in 0..<design.rowCount { responseProducts[i] += design[row, i] * response[row] }
            for j in i..<size {
                var sum = 0.0
                for row in 0..<design.rowCount { sum += design[row, i] * design[row, j] }
                crossProducts[j * size + i] = sum
                crossProducts[i * size + j] = sum
            }
        }
        self.init(
            names: design.names, observations: design.rowCount, crossProducts: crossProducts,
            responseProducts: responseProducts, sumOfSquaredResponses: response.reduce(0) { $0 + $1 * $1 })
    }

    /// Solves the normal equations by Cholesky factorisation XᵀX = RᵀR, checking each pivot.
    public func solve(responseName: String) throws(ModelError) -> LeastSquaresFit {
        let size = names.count
        guard observations > size else { throw .tooFewRows(rows: observations, parameters: size) }
        let n = Double(observations)
        let sumOfY = responseProducts[0]
        let totalSumOfSquares = sumOfSquaredResponses - sumOfY * sumOfY / n
        guard totalSumOfSquares > 1e-12 * sumOfSquaredResponses else {
            throw .constantResponse(column: responseName, value: sumOfY / n)
        }
        let a = { (row: Int, column: Int) in crossProducts[column * size + row] }
        let norms = (0..<size).map { a($0, $0).squareRoot() }
        var r = UpperTriangular(size: size)
        for j in 0..<size {
            guard a(j, j) > 0 else { throw .allZero(feature: names[j]) }
            for i in 0..<j {
                var sum = a(i, j)
                for k in 0..<i { sum -= r[k, i] * r[k, j] }
                r[i, j] = sum / r[i, i]
            }
            var pivot = a(j, j)
            for k in 0..<j { pivot -= r[k, j] * r[k, j] }
            guard pivot > Self.rankTolerance * a(j, j) else {
                let partners = r.collinearPartners(ofColumn: j, names: names, norms: norms)
                throw rankDeficiency(column: j, names: names, partners: partners, constantValue: a(0, j) / n)
            }
            r[j, j] = pivot.squareRoot()
        }
        // Rᵀz = Xᵀy by forward substitution, then Rβ = z; SSE = yᵀy − zᵀz.
        var z = responseProducts
        for i in 0..<size {
            for k in 0..<i { z[i] -= r[k, i] * z[k] }
            z[i] /= r[i, i]
        }
        let residualSumOfSquares = max(0, sumOfSquaredResponses - z.reduce(0) { $0 + $1 * $1 })
        return try LeastSquaresFit(
            names: names, r: r, coefficients: r.solve(z), observations: observations,
            residualSumOfSquares: residualSumOfSquares, totalSumOfSquares: totalSumOfSquares)
    }
}
