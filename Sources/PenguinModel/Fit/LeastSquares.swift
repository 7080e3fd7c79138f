/// Ordinary least squares by Householder QR: the numerically careful solver of every fit from rows.
///
/// QR works on X itself rather than XᵀX, so it keeps all the digits the data has; rank deficiency shows as
/// a vanishing diagonal entry of R, which identifies the first feature that adds nothing new. Rows arrive in
/// batches (see ``StreamingFit``): each is folded into the R factor of [X | y] so far, and the solution comes
/// from that small triangle alone.
public enum LeastSquares {
    /// |R_jj| at or below this fraction of ‖x_j‖ means column j lies (numerically) in the span of the
    /// columns before it. Relative to each column's own norm so that the units of a feature do not matter.
    public static let rankTolerance = 1e-10

    /// Reduces the column-major `rows` × `columns` matrix `a` by Householder reflections and returns R
    /// (`columns` × `columns`, AᵀA = RᵀR); `a` is overwritten. A column whose part below the diagonal is
    /// already exactly zero needs no reflection and leaves R_jj as it is (zero for a column in the span of
    /// the earlier ones), for ``solve(_:names:)`` to report.
    static func triangularize(_ a: inout [Double], rows: Int, columns: Int) -> UpperTriangular {
        precondition(a.count == rows * columns && rows >= columns, "a \(rows) × \(columns) matrix with at least as many rows as columns")
        var r = UpperTriangular(size: columns)
        // Through pointers: passing `a` as both the reflector and the inout target made Swift copy the whole
        // matrix for every column, which was most of the time of a 5M-row fit.
        a.withUnsafeMutableBufferPointer { a in
            for j in 0..<columns {
                let base = j * rows
                for i in 0..<j { r[i, j] = a[base + i] }
                var sumOfSquares = 0.0
                for i in j..<rows { sumOfSquares += a[base + i] * a[base + i] }
                let norm = sumOfSquares.squareRoot()
                guard norm > 0 else { continue }
                let alpha = a[base + j] > 0 ? -norm : norm
                a[base + j] -= alpha
                var vtv = 0.0
                for i in j..<rows { vtv += a[base + i] * a[base + i] }
                let reflector = UnsafeBufferPointer(rebasing: a[base..<(base + rows)])
                for k in (j + 1)..<columns {
                    reflect(UnsafeMutableBufferPointer(rebasing: a[(k * rows)..<((k + 1) * rows)]), by: reflector, from: j, vtv: vtv)
                }
                r[j, j] = alpha
            }
        }
        return r
    }

    /// Solves from the R factor of [X | y] (X's columns named by `names`, intercept first; y last): R's leading
    /// block is X's, its last column above the diagonal is Qᵀy. Fails at the first column in the span of the
    /// earlier ones, naming them.
    static func solve(_ augmented: UpperTriangular, names: [String]) throws(ModelError) -> (r: UpperTriangular, coefficients: [Double]) {
        let columns = names.count
        precondition(augmented.size == columns + 1, "R of [X | y] for \(columns) columns")
        let r = augmented.leadingBlock(columns)
        // ‖x_j‖ = ‖R e_j‖, since Q is orthogonal.
        let norms = (0..<columns).map { column in (0...column).reduce(0) { $0 + r[$1, column] * r[$1, column] }.squareRoot() }
        for j in 0..<columns where !(abs(r[j, j]) > rankTolerance * norms[j]) {
            let partners = r.collinearPartners(ofColumn: j, names: names, norms: norms)
            throw rankDeficiency(column: j, names: names, partners: partners, constantValue: nil)
        }
        return (r, r.solve((0..<columns).map { augmented[$0, columns] }))
    }

    /// Applies the Householder reflection I − 2vvᵀ/(vᵀv), v = `reflector[first...]`, to `target[first...]`.
    private static func reflect(_ target: UnsafeMutableBufferPointer<Double>, by reflector: UnsafeBufferPointer<Double>, from first: Int, vtv: Double) {
        var dot = 0.0
        for i in first..<target.count { dot += reflector[i] * target[i] }
        let scale = 2 * dot / vtv
        for i in first..<target.count { target[i] -= scale * reflector[i] }
    }
}
