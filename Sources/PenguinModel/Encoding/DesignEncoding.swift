import DataGateway

/// The learned mapping from a frame (or a record) to model features: which terms are numeric, and the
/// levels of each categorical term.
///
/// It is a value that travels inside the model card, so that a server can encode new records exactly as
/// the training rows were encoded without ever seeing the training frame.
///
/// ## Topics
/// - ``init(formula:learningFrom:)``
/// - ``init(response:terms:)``
/// - ``featureNames``
/// - ``designMatrix(for:)``
public struct DesignEncoding: Sendable, Hashable, Codable {
    /// The response column.
    public let response: String
    /// One encoding per formula term, in formula order.
    public let terms: [TermEncoding]

    /// Uses the given terms as they are, e.g. with levels read from the database for the SQL path.
    ///
    /// Categorical levels are sorted and de-duplicated so that the reference level is always the first
    /// in sort order, whoever built the encoding. A level with a control or format character is refused.
    public init(response: String, terms: [TermEncoding]) throws(ModelError) {
        self.response = response
        self.terms = terms.map { term in
            switch term {
            case .numeric: term
            case .categorical(let name, let levels): .categorical(name, levels: Self.distinctSorted(levels))
            }
        }
        for case .categorical(let name, let levels) in self.terms {
            guard levels.count >= 2 else { throw .singleLevel(term: name, level: levels.first) }
            for level in levels {
                if let scalar = level.firstControlOrFormatScalar { throw .unusableLevel(term: name, level: level, scalar: scalar) }
            }
        }
        var seen: Set<String> = []
        for name in featureNames where !seen.insert(name).inserted { throw .duplicateFeature(name) }
    }

    /// Terms taken as they are, unchecked: levels already sorted and distinct, and possibly fewer than two,
    /// as ``StreamingFit`` has them while levels are still being discovered.
    init(uncheckedResponse response: String, terms: [TermEncoding]) {
        self.response = response
        self.terms = terms
    }

    /// `levels` without byte-identical repeats, sorted, ties between canonically equivalent spellings (`é`
    /// and `e` + U+0301, equal as Swift strings) broken by their bytes. Levels are matched by bytes
    /// everywhere, as SQL `=` matches them, so such spellings stay two levels.
    private static func distinctSorted(_ levels: [String]) -> [String] {
        var seen: Set<[UInt8]> = []
        return levels.filter { seen.insert(Array($0.utf8)).inserted }.sorted(by: levelPrecedes)
    }

    /// The order of levels: by Swift's string order, canonically equivalent spellings by their bytes.
    static func levelPrecedes(_ a: String, _ b: String) -> Bool {
        a == b ? a.utf8.lexicographicallyPrecedes(b.utf8) : a < b
    }

    /// Learns the encoding from training rows: double and int64 columns are numeric, string columns are
    /// categorical with the levels that occur in `frame`.
    ///
    /// Pass the complete cases (``Frame/completeCases(for:)``) so that a level seen only in dropped rows
    /// does not become an all-zero column.
    public init(formula: Formula, learningFrom frame: Frame) throws(ModelError) {
        var terms: [TermEncoding] = []
        for name in formula.terms {
            let column = try Self.column(name, in: frame)
            switch column.type {
            case .double, .int64: terms.append(.numeric(name))
            case .string: terms.append(.categorical(name, levels: column.distinctStrings()))
            case .bool, .date: throw .unsupportedColumnType(column: name, type: column.type, role: "term '\(name)'")
            }
        }
        try self.init(response: formula.response, terms: terms)
    }

    /// The formula this encoding implements.
    public var formula: Formula { Formula(uncheckedResponse: response, terms: terms.map(\.name)) }

    /// The feature columns after the intercept, in order: what the coefficients are named after.
    public var featureNames: [String] { terms.flatMap(\.featureNames) }

    /// The design matrix (intercept first) and response of a frame whose used columns have no nulls.
    ///
    /// Fails on a level the encoding does not know, on a non-finite value, and on a column of the wrong type.
    public func designMatrix(for frame: Frame) throws(ModelError) -> (matrix: DesignMatrix, response: [Double]) {
        let responseColumn = try Self.column(response, in: frame)
        guard responseColumn.type == .double || responseColumn.type == .int64 else {
            throw .unsupportedColumnType(column: response, type: responseColumn.type, role: "response")
        }
        for term in terms {
            let type = try Self.column(term.name, in: frame).type
            guard term.accepts(type) else { throw .unsupportedColumnType(column: term.name, type: type, role: "term '\(term.name)'") }
        }
        let bound: BoundTerms
        do {
            bound = try BoundTerms(encoding: self, frame: frame)
        } catch {
            preconditionFailure("columns were checked above, yet binding failed: \(error)")
        }
        let rows = frame.rowCount
        let width = featureNames.count
        var values = [Double](repeating: 0, count: rows * (width + 1))
        for row in 0..<rows { values[row] = 1 }
        let featureFailure = bound.fillColumns(of: &values, rowCount: rows)
        // Rows are judged in order, the response before the features, whichever column holds the first fault.
        let featureFailureRow = featureFailure?.record ?? rows
        var responseValues = [Double](repeating: 0, count: rows)
        for row in 0..<featureFailureRow {
            guard let y = responseColumn.numeric(row) else { throw .missingValue(column: response, row: row) }
            guard y.isFinite else { throw .notFinite(column: response, row: row) }
            responseValues[row] = y
        }
        if let featureFailure {
            let row = featureFailureRow
            guard let y = responseColumn.numeric(row) else { throw .missingValue(column: response, row: row) }
            guard y.isFinite else { throw .notFinite(column: response, row: row) }
            throw ModelError(featureFailure, row: row)
        }
        return (DesignMatrix(names: ["(Intercept)"] + featureNames, rowCount: rows, values: values), responseValues)
    }

    static func column(_ name: String, in frame: Frame) throws(ModelError) -> Column {
        do {
            return try frame.column(name)
        } catch {
            throw .frame(error)
        }
    }
}
