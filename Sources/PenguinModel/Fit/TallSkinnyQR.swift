/// The R factor of [X | y] over all the rows folded in so far: a tall-skinny QR (TSQR, flat tree) that
/// holds a (p + 1) × (p + 1) triangle however many rows it has seen.
///
/// Folding a batch triangularizes R stacked on the batch, [R; A_i], by Householder reflections, so R
/// always satisfies RᵀR = AᵀA for the rows so far: it is the R of one QR of all of them, to rounding, and
/// as accurate, since every step is an orthogonal transformation (no XᵀX is ever formed). A column added
/// later (a level first seen in a later batch) enters as its value Qᵀx for the rows already folded, which
/// is what QR of the whole design would have built, then R is triangularized again.
struct TallSkinnyQR {
    /// Columns of [X | y], y last.
    private(set) var width: Int
    private(set) var r: UpperTriangular

    init(width: Int) {
        self.width = width
        self.r = UpperTriangular(size: width)
    }

    /// Folds in `rows` rows: the column-major X block (`rows` × (width − 1)) and y.
    mutating func fold(design: [Double], response: [Double], rows: Int) {
        precondition(design.count == rows * (width - 1) && response.count == rows, "a block of \(rows) rows of width \(width)")
        guard rows > 0 else { return }
        let height = width + rows
        var stacked = [Double](repeating: 0, count: height * width)
        for column in 0..<width {
            let base = column * height
            for row in 0...column { stacked[base + row] = r[row, column] }
            if column < width - 1 {
                stacked.replaceSubrange((base + width)..<(base + height), with: design[(column * rows)..<((column + 1) * rows)])
            } else {
                stacked.replaceSubrange((base + width)..<(base + height), with: response)
            }
        }
        r = LeastSquares.triangularize(&stacked, rows: height, columns: width)
    }

    /// Inserts a column of X at `index` (before y), given as Qᵀx for the rows folded so far: zero for a level
    /// no earlier row has, or a combination of R's columns when the new column is one of those.
    mutating func insertColumn(at index: Int, rotated values: [Double]) {
        precondition(index < width && values.count == width, "a column before y, one value per row of R")
        let size = width + 1
        var matrix = [Double](repeating: 0, count: size * size)
        for column in 0..<size {
            for row in 0..<width {
                matrix[column * size + row] =
                    column == index ? values[row] : r[row, column < index ? column : column - 1]
            }
        }
        width = size
        r = LeastSquares.triangularize(&matrix, rows: size, columns: size)
    }

    /// Column `column` of R, the rotated values of that column of [X | y].
    func column(_ column: Int) -> [Double] {
        (0..<width).map { r[$0, column] }
    }
}
