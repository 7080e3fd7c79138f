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
                let levelOfCode = dictionary.map { levels.firstIndex(of: $0) }
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
}
