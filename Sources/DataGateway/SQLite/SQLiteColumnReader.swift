import CSQLite

/// Reads the rows of a stepping statement straight into column builders, in one pass.
///
/// A column's type comes from its declared type (`INTEGER`, `REAL`, `TEXT`, …, as STRICT tables and
/// expressions over them report it). Where there is none, as for an expression, the first non-null value
/// decides; an integer column that later meets a real is widened to double, as pandas would.
struct SQLiteColumnReader {
    private let statement: OpaquePointer
    private var builders: [ColumnBuilder?]
    private var pendingNulls: [Int]
    private let names: [String]

    init(statement: OpaquePointer) {
        self.statement = statement
        let count = Int(sqlite3_column_count(statement))
        let names = (0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        self.names = names
        builders = (0..<count).map { index in
            let declared = sqlite3_column_decltype(statement, Int32(index)).map { String(cString: $0) }
            return Self.type(declared: declared).map { ColumnBuilder(name: names[index], type: $0) }
        }
        pendingNulls = Array(repeating: 0, count: count)
    }

    /// Appends the statement's current row.
    mutating func appendCurrentRow() {
        for index in builders.indices {
            let column = Int32(index)
            let storage = sqlite3_column_type(statement, column)
            if storage == SQLITE_NULL {
                if builders[index] == nil { pendingNulls[index] += 1 } else { builders[index]!.appendNull() }
                continue
            }
            if builders[index] == nil { startBuilder(index, storageClass: storage) }
            Self.append(statement, column: column, storage: storage, to: &builders[index]!)
        }
    }

    /// The frame of every row appended so far.
    func frame() throws(FrameError) -> Frame {
        try Frame(
            columns: builders.indices.map { index in
                if let builder = builders[index] { return builder.build() }
                var allNull = ColumnBuilder(name: names[index], type: .string)
                for _ in 0..<pendingNulls[index] { allNull.appendNull() }
                return allNull.build()
            })
    }

    private mutating func startBuilder(_ index: Int, storageClass: Int32) {
        let type: ColumnType =
            switch storageClass {
            case SQLITE_INTEGER: .int64
            case SQLITE_FLOAT: .double
            default: .string
            }
        var builder = ColumnBuilder(name: names[index], type: type)
        for _ in 0..<pendingNulls[index] { builder.appendNull() }
        builders[index] = builder
    }

    private static func append(
        _ statement: OpaquePointer, column: Int32, storage: Int32, to builder: inout ColumnBuilder
    ) {
        switch builder.type {
        case .int64 where storage == SQLITE_INTEGER:
            builder.append(sqlite3_column_int64(statement, column))
        case .int64 where storage == SQLITE_FLOAT:
            builder = widenedToDouble(builder)
            builder.append(sqlite3_column_double(statement, column))
        case .double, .date:
            builder.append(sqlite3_column_double(statement, column))
        case .bool:
            builder.append(sqlite3_column_int64(statement, column) != 0)
        case .string, .int64:
            let bytes = sqlite3_column_text(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            builder.appendUTF8(UnsafeRawBufferPointer(start: bytes, count: length))
        }
    }

    private static func widenedToDouble(_ builder: ColumnBuilder) -> ColumnBuilder {
        let column = builder.build()
        var widened = ColumnBuilder(name: builder.name, type: .double, capacity: column.count + 1)
        for row in 0..<column.count {
            if let value = column.numeric(row) { widened.append(value) } else { widened.appendNull() }
        }
        return widened
    }

    /// The column type for a declared SQL type, by SQLite's own affinity rules; nil when undeclared.
    private static func type(declared: String?) -> ColumnType? {
        guard let declared = declared?.uppercased(), !declared.isEmpty else { return nil }
        if declared.contains("BOOL") { return .bool }
        if declared.contains("INT") { return .int64 }
        if declared.contains("CHAR") || declared.contains("CLOB") || declared.contains("TEXT") { return .string }
        if declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB") { return .double }
        return nil
    }
}
