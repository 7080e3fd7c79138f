import DataGateway

/// The terms of an encoding resolved against one frame's columns, with each dictionary code mapped to its
/// level once, so the per-row loop does no name or string lookups.
struct BoundTerms {
    private enum Bound {
        case numeric(Column)
        /// `levelOfCode[code]` is the level index of a dictionary code, nil for a level the model lacks.
        case categorical(Column, codes: DictionaryCodes, dictionary: [String], levelOfCode: [Int?], levels: [String])
    }

    private let bound: [Bound]

    init(encoding: DesignEncoding, frame: Frame) throws(RecordError) {
        var bound: [Bound] = []
        for term in encoding.terms {
            guard let column = try? frame.column(term.name) else {
                throw RecordError(field: term.name, reason: .missing(expected: "a column named '\(term.name)'"))
            }
            switch (term, column.values) {
            case (.numeric, _) where term.accepts(column.type):
                bound.append(.numeric(column))
            case (.categorical(_, let levels), .string(let codes, let dictionary)):
                let levelOfCode = dictionary.map { levels.firstIndex(ofExactly: $0) }
                bound.append(.categorical(column, codes: codes, dictionary: dictionary, levelOfCode: levelOfCode, levels: levels))
            case (.numeric, _):
                throw RecordError(field: term.name, reason: .wrongType(expected: "a double or int64 column", found: column.type.rawValue))
            case (.categorical, _):
                throw RecordError(field: term.name, reason: .wrongType(expected: "a text column", found: column.type.rawValue))
            }
        }
        self.bound = bound
    }

    /// Writes the features of `row` into `features`, which has one slot per feature name.
    func features(ofRow row: Int, into features: inout [Double]) throws(RecordError) {
        var offset = 0
        for term in bound {
            switch term {
            case .numeric(let column):
                guard let value = column.numeric(row) else {
                    throw RecordError(field: column.name, reason: .missing(expected: "a number"), record: row)
                }
                guard value.isFinite else { throw RecordError(field: column.name, reason: .notFinite, record: row) }
                features[offset] = value
                offset += 1
            case .categorical(let column, let codes, let dictionary, let levelOfCode, let levels):
                guard !column.isNull(row) else {
                    throw RecordError(field: column.name, reason: .missing(expected: "a level"), record: row)
                }
                let code = Int(codes[row])
                guard let level = levelOfCode[code] else {
                    throw RecordError(
                        field: column.name, reason: .unknownLevel(value: dictionary[code], allowed: levels), record: row)
                }
                for index in offset..<(offset + levels.count - 1) { features[index] = 0 }
                if level > 0 { features[offset + level - 1] = 1 }
                offset += levels.count - 1
            }
        }
    }

    /// Writes every row's features into `matrix` (column-major, `rowCount` rows, feature `f` in column
    /// `f + 1`, which must start as zeros) and returns the error ``features(ofRow:into:)`` would meet first
    /// when rows are taken in order, or nil.
    ///
    /// It works a whole column at a time: the per-row loop then has no term dispatch and copies no column,
    /// which had made building the matrix for 5M rows cost more than solving it.
    func fillColumns(of matrix: inout [Double], rowCount: Int) -> RecordError? {
        var failure: RecordError?
        var column = 1
        for term in bound {
            // Rows from an earlier term's failure on cannot change which error comes first.
            let rows = failure?.record ?? rowCount
            switch term {
            case .numeric(let source):
                failure = Self.fillNumeric(source, rows: rows, into: &matrix, at: column * rowCount) ?? failure
                column += 1
            case .categorical(let source, let codes, let dictionary, let levelOfCode, let levels):
                let validity = source.validity
                matrix.withUnsafeMutableBufferPointer { matrix in
                    for row in 0..<rows {
                        guard validity[row] else {
                            failure = RecordError(field: source.name, reason: .missing(expected: "a level"), record: row)
                            return
                        }
                        let code = Int(codes[row])
                        guard let level = levelOfCode[code] else {
                            failure = RecordError(
                                field: source.name, reason: .unknownLevel(value: dictionary[code], allowed: levels), record: row)
                            return
                        }
                        if level > 0 { matrix[(column + level - 1) * rowCount + row] = 1 }
                    }
                }
                column += levels.count - 1
            }
        }
        return failure
    }

    private static func fillNumeric(_ source: Column, rows: Int, into matrix: inout [Double], at base: Int) -> RecordError? {
        let validity = source.validity
        func fill(_ value: (Int) -> Double) -> RecordError? {
            matrix.withUnsafeMutableBufferPointer { matrix in
                for row in 0..<rows {
                    guard validity[row] else { return RecordError(field: source.name, reason: .missing(expected: "a number"), record: row) }
                    let number = value(row)
                    guard number.isFinite else { return RecordError(field: source.name, reason: .notFinite, record: row) }
                    matrix[base + row] = number
                }
                return nil
            }
        }
        switch source.values {
        case .double(let values): return fill { values[$0] }
        case .int64(let values): return fill { Double(values[$0]) }
        case .bool, .date, .string: return rows > 0 ? RecordError(field: source.name, reason: .missing(expected: "a number"), record: 0) : nil
        }
    }
}
