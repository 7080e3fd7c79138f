import DataGateway

/// A least-squares fit of rows that arrive in batches, holding the R factor of [X | y] (see
/// ``TallSkinnyQR``), the levels seen and a few sums, never the rows.
///
/// Feed every batch of the source to ``add(_:)``, in order, then take the ``solution()`` and give it the
/// complete cases again (``StreamingFit/Solution/replay(_:)``): the mean absolute error and the residual
/// sum of squares need the coefficients, and the training profile needs the final levels. The model is the one ``LinearModel/fit(_:to:)`` gives for
/// all the rows in one frame, whatever the batch size: the same complete cases, the same levels and reference
/// level, the same errors, the same coefficients to rounding.
///
/// Levels are learned as batches arrive. A level first met in a later batch adds a design column that is
/// zero in every earlier row, so its rotated value for those rows is zero too; a level that sorts before
/// the reference takes its place, and the old reference's column for the earlier rows is the intercept less
/// the term's other dummies, a combination of R's columns.
public struct StreamingFit {
    private let formula: Formula
    private let learnsLevels: Bool
    /// The terms with the levels seen so far (or the given encoding's); nil before the first complete row.
    private var terms: [TermEncoding]?
    private var qr: TallSkinnyQR?
    private var totalRows = 0
    private var completeRows = 0
    /// Σy in row order: the mean the total sum of squares is taken about, as the one-frame fit sums it.
    private var sumOfResponses = 0.0
    private var firstResponse = 0.0
    private var responseVaries = false
    /// Per term: a numeric term's first value and whether any other differs; a categorical term's rows per
    /// level (aligned with its levels).
    private var firstValues: [Double] = []
    private var varies: [Bool] = []
    private var levelCounts: [[Int]] = []

    /// Learns numeric and categorical terms, and the levels, from the complete cases.
    public init(_ formula: Formula) {
        self.formula = formula
        self.learnsLevels = true
    }

    /// Uses a given encoding: a level it lacks is an error, a level no row has is reported as an all-zero feature.
    public init(encoding: DesignEncoding) {
        self.formula = encoding.formula
        self.learnsLevels = false
        self.terms = encoding.terms
        firstValues = Array(repeating: 0, count: encoding.terms.count)
        varies = Array(repeating: false, count: encoding.terms.count)
        levelCounts = encoding.terms.map { Array(repeating: 0, count: $0.levels.count) }
    }

    /// Folds one batch in and returns its complete cases (the formula's columns, rows with every value),
    /// which the caller keeps for the second pass and the data fingerprint.
    @discardableResult
    public mutating func add(_ batch: Frame) throws(ModelError) -> Frame {
        let cases = try CompleteCases.rows(of: batch, for: formula)
        totalRows += batch.rowCount
        let rows = cases.rowCount
        guard rows > 0 else { return cases }
        if learnsLevels { try learnLevels(from: cases) }
        guard let terms else { preconditionFailure("terms are set by the first complete batch") }
        let (design, response) = try Self.offsettingRows(by: completeRows) { () throws(ModelError) in
            try DesignEncoding(uncheckedResponse: formula.response, terms: terms).designMatrix(for: cases)
        }
        track(design, response: response)
        if qr == nil { qr = TallSkinnyQR(width: design.columnCount + 1) }
        qr?.fold(design: design.values, response: response, rows: rows)
        completeRows += rows
        return cases
    }

    /// Checks what the whole of the rows allows (enough rows, a varying response, no constant or collinear
    /// feature, usable levels) and solves.
    public func solution() throws(ModelError) -> Solution {
        guard completeRows > 0, let terms, let qr else { throw .noCompleteRows(totalRows: totalRows, columns: formula.columns) }
        let encoding = try learnsLevels ? DesignEncoding(response: formula.response, terms: terms) : DesignEncoding(uncheckedResponse: formula.response, terms: terms)
        let names = ["(Intercept)"] + encoding.featureNames
        guard completeRows > names.count else { throw .tooFewRows(rows: completeRows, parameters: names.count) }
        guard responseVaries else { throw .constantResponse(column: formula.response, value: firstResponse) }
        try checkConstantFeatures(terms)
        let (r, coefficients) = try LeastSquares.solve(qr.r, names: names)
        return Solution(
            encoding: encoding, names: names, r: r, coefficients: coefficients, observations: completeRows,
            mean: sumOfResponses / Double(completeRows), droppedRows: totalRows - completeRows)
    }

    /// The solved coefficients, waiting for the residuals of a second pass over the complete cases.
    public struct Solution {
        public let encoding: DesignEncoding
        let names: [String]
        let r: UpperTriangular
        public let coefficients: [Double]
        let observations: Int
        let mean: Double
        let droppedRows: Int
        private var residualSumOfSquares = 0.0
        private var totalSumOfSquares = 0.0
        private var absoluteErrors = 0.0
        private var profile: TrainingProfileBuilder

        init(encoding: DesignEncoding, names: [String], r: UpperTriangular, coefficients: [Double], observations: Int, mean: Double, droppedRows: Int) {
            self.encoding = encoding
            self.names = names
            self.r = r
            self.coefficients = coefficients
            self.observations = observations
            self.mean = mean
            self.droppedRows = droppedRows
            self.profile = TrainingProfileBuilder(terms: encoding.terms)
        }

        /// Takes the complete cases returned by ``StreamingFit/add(_:)`` once more, in their order: their
        /// residuals, and their distribution for the training profile (which needs every level first).
        public mutating func replay(_ cases: Frame) throws(ModelError) {
            try profile.add(cases)
            let (design, response) = try encoding.designMatrix(for: cases)
            let fitted = design.predictions(coefficients: coefficients)
            // Summed row by row in row order, as the one-frame fit summed them.
            for row in 0..<design.rowCount {
                let residual = response[row] - fitted[row]
                residualSumOfSquares += residual * residual
                totalSumOfSquares += (response[row] - mean) * (response[row] - mean)
                absoluteErrors += abs(residual)
            }
        }

        /// The model, once every complete case has been through ``replay(_:)``.
        public func model(dataFingerprint: String) throws(ModelError) -> LinearModel {
            guard totalSumOfSquares > 0 else { throw .constantResponse(column: encoding.response, value: mean) }
            let fit = try LeastSquaresFit(
                names: names, r: r, coefficients: coefficients, observations: observations,
                residualSumOfSquares: residualSumOfSquares, totalSumOfSquares: totalSumOfSquares)
            return LinearModel(
                encoding: encoding, fit: fit, meanAbsoluteError: absoluteErrors / Double(observations), droppedRows: droppedRows,
                dataFingerprint: dataFingerprint, profile: profile.profile())
        }
    }

    // MARK: - Levels

    /// Sets the term kinds from the first complete batch, then adds each level not seen before.
    private mutating func learnLevels(from cases: Frame) throws(ModelError) {
        if terms == nil {
            var learned: [TermEncoding] = []
            for name in formula.terms {
                let column = try DesignEncoding.column(name, in: cases)
                switch column.type {
                case .double, .int64: learned.append(.numeric(name))
                case .string: learned.append(.categorical(name, levels: []))
                case .bool, .date: throw .unsupportedColumnType(column: name, type: column.type, role: "term '\(name)'")
                }
            }
            terms = learned
            firstValues = Array(repeating: 0, count: learned.count)
            varies = Array(repeating: false, count: learned.count)
            levelCounts = Array(repeating: [], count: learned.count)
        }
        for index in formula.terms.indices {
            guard case .categorical(let name, let known) = terms?[index] else { continue }
            for level in try DesignEncoding.column(name, in: cases).distinctStrings()
            where !known.contains(where: { $0.utf8.elementsEqual(level.utf8) }) {
                addLevel(level, toTerm: index)
            }
        }
    }

    private mutating func addLevel(_ level: String, toTerm index: Int) {
        guard var terms, case .categorical(let name, var levels) = terms[index] else { return }
        let position = levels.firstIndex { DesignEncoding.levelPrecedes(level, $0) } ?? levels.count
        // Design column of the term's first dummy: after the intercept and the earlier terms' features.
        let start = 1 + terms[..<index].reduce(0) { $0 + $1.featureNames.count }
        if var qr, !levels.isEmpty {
            if position > 0 {
                qr.insertColumn(at: start + position - 1, rotated: Array(repeating: 0, count: qr.width))
            } else {
                // The old reference becomes a dummy: 1 − (the term's other dummies) in every earlier row.
                var column = qr.column(0)
                for dummy in start..<(start + levels.count - 1) {
                    for (row, value) in qr.column(dummy).enumerated() { column[row] -= value }
                }
                qr.insertColumn(at: start, rotated: column)
            }
            self.qr = qr
        }
        levels.insert(level, at: position)
        levelCounts[index].insert(0, at: position)
        terms[index] = .categorical(name, levels: levels)
        self.terms = terms
    }

    // MARK: - What the whole of the rows must satisfy

    /// Records what ``solution()`` checks: Σy, whether y and each numeric term vary, and rows per level.
    private mutating func track(_ design: DesignMatrix, response: [Double]) {
        guard let terms else { return }
        let isFirst = completeRows == 0
        if isFirst { firstResponse = response[0] }
        for y in response {
            sumOfResponses += y
            if y != firstResponse { responseVaries = true }
        }
        var column = 1
        for (index, term) in terms.enumerated() {
            switch term {
            case .numeric:
                let base = column * design.rowCount
                if isFirst { firstValues[index] = design.values[base] }
                let first = firstValues[index]
                if !varies[index] && design.values[base..<(base + design.rowCount)].contains(where: { $0 != first }) {
                    varies[index] = true
                }
                column += 1
            case .categorical(_, let levels):
                var others = 0
                for level in levels.indices.dropFirst() {
                    let base = (column + level - 1) * design.rowCount
                    let count = Int(design.values[base..<(base + design.rowCount)].reduce(0, +))
                    levelCounts[index][level] += count
                    others += count
                }
                if !levels.isEmpty { levelCounts[index][0] += design.rowCount - others }
                column += max(levels.count - 1, 0)
            }
        }
    }

    /// A feature the same in every row: all zero (a level no row has), or a constant the intercept already is.
    /// Checked in feature order, before the QR's rank test, which would report it less plainly.
    private func checkConstantFeatures(_ terms: [TermEncoding]) throws(ModelError) {
        for (index, term) in terms.enumerated() {
            switch term {
            case .numeric(let name):
                guard !varies[index] else { continue }
                throw firstValues[index] == 0 ? .allZero(feature: name) : .constant(feature: name, value: firstValues[index])
            case .categorical(let name, let levels):
                for level in levels.indices.dropFirst() {
                    let feature = TermEncoding.dummyName(term: name, level: levels[level])
                    if levelCounts[index][level] == 0 { throw .allZero(feature: feature) }
                    if levelCounts[index][level] == completeRows { throw .constant(feature: feature, value: 1) }
                }
            }
        }
    }

    /// Runs `body`, whose row numbers count within one batch, and restates them within all complete cases.
    private static func offsettingRows<Value>(by offset: Int, _ body: () throws(ModelError) -> Value) throws(ModelError) -> Value {
        do {
            return try body()
        } catch {
            switch error {
            case .missingValue(let column, let row): throw .missingValue(column: column, row: row + offset)
            case .notFinite(let column, let row): throw .notFinite(column: column, row: row + offset)
            default: throw error
            }
        }
    }
}
