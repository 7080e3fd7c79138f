extension Frame {
    /// The rows of `frames` one after another; all must have the same column names and types.
    ///
    /// String columns are re-coded into one shared dictionary, so the result is as compact as a single read.
    public static func concatenating(_ frames: [Frame]) throws(FrameError) -> Frame {
        guard let first = frames.first else { return .empty }
        for frame in frames.dropFirst() {
            for (expected, column) in zip(first.columns, frame.columns) where expected.name != column.name || expected.type != column.type {
                throw .wrongType(column: column.name, expected: [expected.type], actual: column.type)
            }
            if frame.columns.count != first.columns.count {
                throw .lengthMismatch(column: "(columns)", expected: first.columns.count, actual: frame.columns.count)
            }
        }
        let total = frames.reduce(0) { $0 + $1.rowCount }
        var columns: [Column] = []
        for index in first.columns.indices {
            let parts = frames.map { $0.columns[index] }
            var builder = ColumnBuilder(name: first.columns[index].name, type: first.columns[index].type, capacity: total)
            for part in parts { builder.append(contentsOf: part) }
            columns.append(builder.build())
        }
        return try Frame(columns: columns)
    }
}

extension ColumnBuilder {
    /// Appends every row of `column`, which must have this builder's type.
    mutating func append(contentsOf column: Column) {
        for row in 0..<column.count {
            guard !column.isNull(row) else {
                appendNull()
                continue
            }
            switch column.values {
            case .double(let values), .date(let values): append(values[row])
            case .int64(let values): append(values[row])
            case .bool(let values): append(values[row])
            case .string(let codes, let dictionary): append(dictionary[Int(codes[row])])
            }
        }
    }
}
