/// The R factor shared by the QR and Cholesky solvers, with the few operations both need.
struct UpperTriangular {
    let size: Int
    /// Column-major size × size; entries below the diagonal are ignored.
    private(set) var entries: [Double]

    init(size: Int) {
        self.size = size
        self.entries = [Double](repeating: 0, count: size * size)
    }

    subscript(row: Int, column: Int) -> Double {
        get { entries[column * size + row] }
        set { entries[column * size + row] = newValue }
    }

    /// The top-left `count` × `count` block.
    func leadingBlock(_ count: Int) -> UpperTriangular {
        var block = UpperTriangular(size: count)
        for column in 0..<count {
            for row in 0...column { block[row, column] = self[row, column] }
        }
        return block
    }

    /// Solves R x = b for the leading `b.count` × `b.count` block by back substitution.
    func solve(_ b: [Double]) -> [Double] {
        var x = b
        for row in stride(from: b.count - 1, through: 0, by: -1) {
            var sum = x[row]
            for column in (row + 1)..<b.count { sum -= self[row, column] * x[column] }
            x[row] = sum / self[row, row]
        }
        return x
    }

    /// The diagonal of (RᵀR)⁻¹ = R⁻¹R⁻ᵀ: the unscaled variances of the coefficients.
    func inverseGramDiagonal() -> [Double] {
        var diagonal = [Double](repeating: 0, count: size)
        for column in 0..<size {
            var unit = [Double](repeating: 0, count: column + 1)
            unit[column] = 1
            let inverseColumn = solve(unit)
            for row in 0...column { diagonal[row] += inverseColumn[row] * inverseColumn[row] }
        }
        return diagonal
    }

    /// The columns that make up column `column`, found when its diagonal entry vanished: the weights w with
    /// R[..<column, ..<column] w = R[..<column, column], keeping those whose share of the column is not negligible.
    func collinearPartners(ofColumn column: Int, names: [String], norms: [Double]) -> [String] {
        let weights = solve((0..<column).map { self[$0, column] })
        return (0..<column).filter { abs(weights[$0]) * norms[$0] > 1e-8 * norms[column] }.map { names[$0] }
    }
}

/// The error for a vanished diagonal entry: a constant feature when only the intercept explains it.
func rankDeficiency(column: Int, names: [String], partners: [String], constantValue: Double?) -> ModelError {
    partners == [names[0]] ? .constant(feature: names[column], value: constantValue) : .collinear(feature: names[column], combinationOf: partners)
}
