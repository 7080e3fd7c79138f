extension Frame {
    /// The rows of `frames` one after another; all must have the same column names and types.
    ///
    /// It joins a partitioned read's slices, so it works a whole buffer at a time and frees each slice's
    /// column as soon as the joined column holds it: the peak is the result plus one column, not twice the
    /// result. String columns are re-coded into one dictionary in order of first appearance, so the result
    /// is exactly the frame a single read of the same rows builds.
    public static func concatenating(_ frames: consuming [Frame]) throws(FrameError) -> Frame {
        var parts = frames.map(\.columns)
        frames = []
        guard let first = parts.first.map({ $0.map { ($0.name, $0.type) } }) else { return .empty }
        for columns in parts.dropFirst() {
            if columns.count != first.count {
                throw .lengthMismatch(column: "(columns)", expected: first.count, actual: columns.count)
            }
            for ((name, type), column) in zip(first, columns) where name != column.name || type != column.type {
                throw .wrongType(column: column.name, expected: [type], actual: column.type)
            }
        }
        let total = parts.reduce(0) { $0 + ($1.first?.count ?? 0) }
        var columns: [Column] = []
        for index in parts[0].indices {
            columns.append(joinedColumn(index, of: parts, total: total))
            for part in parts.indices { parts[part][index] = .released }
        }
        return try Frame(columns: columns)
    }

    private static func joinedColumn(_ index: Int, of parts: [[Column]], total: Int) -> Column {
        let pieces = parts.map { $0[index] }
        var validity = ValidityBitmap()
        validity.reserveCapacity(total)
        for piece in pieces { validity.append(contentsOf: piece.validity) }
        let values: ColumnValues
        switch pieces[0].values {
        case .double: values = .double(joined(pieces) { if case .double(let values) = $0 { values } else { nil } })
        case .date: values = .date(joined(pieces) { if case .date(let values) = $0 { values } else { nil } })
        case .int64:
            var joined = IntegerValues()
            joined.reserveCapacity(total)
            for piece in pieces { if case .int64(let values) = piece.values { joined.append(contentsOf: values) } }
            values = .int64(joined)
        case .bool: values = .bool(joined(pieces) { if case .bool(let values) = $0 { values } else { nil } })
        case .string: values = recodedStrings(pieces, total: total)
        }
        return Column(name: pieces[0].name, values: values, validity: validity, dates: pieces[0].dates)
    }

    private static func joined<Element>(_ pieces: [Column], _ buffer: (ColumnValues) -> [Element]?) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { result.append(contentsOf: buffer(piece.values)!) }
        return result
    }

    /// One dictionary for all pieces, in order of first appearance among non-null rows; null rows keep code 0.
    private static func recodedStrings(_ pieces: [Column], total: Int) -> ColumnValues {
        var codes = DictionaryCodes()
        codes.reserveCapacity(total)
        var dictionary: [String] = []
        var codeOfString: [String: UInt32] = [:]
        for piece in pieces {
            guard case .string(let pieceCodes, let pieceDictionary) = piece.values else { preconditionFailure("checked above") }
            var newCodeOf = [UInt32?](repeating: nil, count: pieceDictionary.count)
            for row in 0..<piece.count {
                guard piece.validity[row] else {
                    codes.append(0)
                    continue
                }
                let old = Int(pieceCodes[row])
                if let code = newCodeOf[old] {
                    codes.append(code)
                    continue
                }
                let text = pieceDictionary[old]
                let code = codeOfString[text] ?? UInt32(dictionary.count)
                if code == UInt32(dictionary.count) {
                    dictionary.append(text)
                    codeOfString[text] = code
                }
                newCodeOf[old] = code
                codes.append(code)
            }
        }
        return .string(codes: codes, dictionary: dictionary)
    }
}

extension Column {
    /// What a joined slice's column is replaced by, so its buffers are freed before the next column is joined.
    fileprivate static let released = Column(name: "", values: .bool([]), validity: ValidityBitmap())
}
