import CSQLite

/// Reads the rows of a stepping statement straight into column builders, in one pass.
///
/// A column's type comes from its declared type (`INTEGER`, `REAL`, `TEXT`, …, as STRICT tables and
/// expressions over them report it). Where there is none, as for an expression, the first non-null value
/// decides; an integer column that later meets a real is widened to double, as pandas would.
///
/// Rows are gathered a block at a time in fixed buffers, a 64-bit slot per field and a validity bit beside it,
/// and each block goes to the builders in one append per column.
struct SQLiteColumnReader {
    /// Rows gathered before the builders take them: a multiple of 64, and small enough that the buffers
    /// (8 KiB a column) stay in the cache.
    private static let blockRows = 1024
    private static let blockWords = blockRows / 64

    private let statement: OpaquePointer
    /// One builder per column. A column with no declared type starts as an all-null string column and is
    /// given its type by its first non-null value.
    private var builders: [ColumnBuilder]
    private var isTyped: [Bool]
    private var untypedCount: Int
    /// The block's slots, column after column, `blockRows` each.
    private var slots: [UInt64]
    /// The block's validity bits, column after column, `blockWords` words each; zero where nothing was set.
    private var validity: [UInt64]
    /// Rows in the block so far.
    private var blockCount = 0
    /// Rows read in all, for the row numbers of errors.
    private var rowsRead = 0

    init(statement: OpaquePointer) {
        self.statement = statement
        let count = Int(sqlite3_column_count(statement))
        var builders: [ColumnBuilder] = []
        var isTyped: [Bool] = []
        for index in 0..<count {
            let name = String(cString: sqlite3_column_name(statement, Int32(index)))
            let declared = sqlite3_column_decltype(statement, Int32(index)).map { String(cString: $0) }
            let type = Self.type(declared: declared)
            builders.append(ColumnBuilder(name: name, type: type ?? .string))
            isTyped.append(type != nil)
        }
        self.builders = builders
        self.isTyped = isTyped
        untypedCount = isTyped.count(where: { !$0 })
        slots = [UInt64](repeating: 0, count: count * Self.blockRows)
        validity = [UInt64](repeating: 0, count: count * Self.blockWords)
    }

    /// Appends the statement's current row.
    ///
    /// The loop works on the builders and the block's buffers in place: going through an optional or a copy of
    /// a builder would retain and release its buffers for every field, which once cost more than SQLite's own
    /// work.
    mutating func appendCurrentRow() throws(DatabaseError) {
        if untypedCount > 0 { typeColumnsFromCurrentRow() }
        let statement = statement
        rowsRead += 1
        let row = rowsRead
        let position = blockCount
        let bit = UInt64(1) << UInt64(position & 63)
        var failure: DatabaseError?
        builders.withUnsafeMutableBufferPointer { builders in
            slots.withUnsafeMutableBufferPointer { slots in
                validity.withUnsafeMutableBufferPointer { validity in
                    for index in builders.indices {
                        let slot = index &* Self.blockRows &+ position
                        // One column lookup per field; the sqlite3_value_* reads after it skip the per-call
                        // bookkeeping of sqlite3_column_*. The value is read at once, on this connection's one thread.
                        let value = sqlite3_column_value(statement, Int32(index))
                        let storage = sqlite3_value_type(value)
                        if storage == SQLITE_NULL {
                            slots[slot] = 0
                            continue
                        }
                        do throws(DatabaseError) {
                            slots[slot] = try Self.slot(
                                of: value, storage: storage, builder: &builders[index],
                                block: UnsafeMutableBufferPointer(rebasing: slots[(slot - position)..<slot]), row: row)
                        } catch {
                            failure = error
                            return
                        }
                        validity[index &* Self.blockWords &+ position >> 6] |= bit
                    }
                }
            }
        }
        if let failure { throw failure }
        blockCount += 1
        if blockCount == Self.blockRows { appendBlock() }
    }

    /// Hands the block's rows to the builders and empties it.
    private mutating func appendBlock() {
        guard blockCount > 0 else { return }
        let count = blockCount
        let words = (count + 63) / 64
        builders.withUnsafeMutableBufferPointer { builders in
            slots.withUnsafeBufferPointer { slots in
                validity.withUnsafeMutableBufferPointer { validity in
                    for index in builders.indices {
                        let firstSlot = index * Self.blockRows
                        let firstWord = index * Self.blockWords
                        builders[index].append(
                            slots: UnsafeBufferPointer(rebasing: slots[firstSlot..<firstSlot + count]),
                            validity: UnsafeBufferPointer(rebasing: validity[firstWord..<firstWord + words]))
                        for word in firstWord..<firstWord + words { validity[word] = 0 }
                    }
                }
            }
        }
        blockCount = 0
    }

    /// Rows appended since the last ``takeFrame()``.
    var rowCount: Int { (builders.first?.count ?? 0) + blockCount }

    /// The frame of the rows appended since the last call. The builders start again empty with the types
    /// they have now, so a column typed (or widened) in one batch stays so in the next.
    mutating func takeFrame() throws(FrameError) -> Frame {
        appendBlock()
        let frame = try Frame(columns: builders.map { $0.build() })
        builders = builders.map { ColumnBuilder(name: $0.name, type: $0.type) }
        return frame
    }

    /// Gives each still-untyped column with a value in the current row the type of that value's storage
    /// class, keeping the nulls it has collected so far (the block's nulls are nulls of any type).
    private mutating func typeColumnsFromCurrentRow() {
        for index in builders.indices where !isTyped[index] {
            let storage = sqlite3_column_type(statement, Int32(index))
            guard storage != SQLITE_NULL else { continue }
            let type: ColumnType =
                switch storage {
                case SQLITE_INTEGER: .int64
                case SQLITE_FLOAT: .double
                default: .string
                }
            var builder = ColumnBuilder(name: builders[index].name, type: type)
            for _ in 0..<builders[index].count { builder.appendNull() }
            builders[index] = builder
            isTyped[index] = true
            untypedCount -= 1
        }
    }

    /// The slot of one non-null field. A value whose storage class the column's type cannot hold (text in an
    /// `INTEGER` column of a non-STRICT table, say) fails the read with the column and row named, instead of
    /// being guessed at. An integer column meeting a real is widened, with the slots of its earlier rows in
    /// `block` turned into doubles.
    @inline(__always)
    private static func slot(
        of value: OpaquePointer?, storage: Int32, builder: inout ColumnBuilder, block: UnsafeMutableBufferPointer<UInt64>,
        row: Int
    ) throws(DatabaseError) -> UInt64 {
        switch (builder.type, storage) {
        case (.int64, SQLITE_INTEGER):
            return UInt64(bitPattern: sqlite3_value_int64(value))
        case (.int64, SQLITE_FLOAT):
            builder = widenedToDouble(builder)
            for index in block.indices { block[index] = Double(Int64(bitPattern: block[index])).bitPattern }
            return sqlite3_value_double(value).bitPattern
        case (.double, SQLITE_FLOAT), (.double, SQLITE_INTEGER), (.date, SQLITE_FLOAT), (.date, SQLITE_INTEGER):
            return sqlite3_value_double(value).bitPattern
        case (.bool, SQLITE_INTEGER):
            return sqlite3_value_int64(value) != 0 ? 1 : 0
        case (.string, _):
            let bytes = sqlite3_value_text(value)
            let length = Int(sqlite3_value_bytes(value))
            return UInt64(builder.code(ofUTF8: UnsafeRawBufferPointer(start: bytes, count: length)))
        default:
            let held = storage == SQLITE_TEXT ? "text" : storage == SQLITE_BLOB ? "a blob" : "a real number"
            throw DatabaseError(
                .query, "column \(builder.name) is typed \(builder.type.rawValue), but row \(row) holds \(held)",
                hint: "cast the column in the query (CAST(\(builder.name) AS TEXT)) or fix the stored value")
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
