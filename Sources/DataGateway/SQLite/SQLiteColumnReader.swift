import CSQLite

/// Reads the rows of a stepping statement into a frame, in one pass.
///
/// A column's type comes from its declared type (`INTEGER`, `REAL`, `TEXT`, …, as STRICT tables and
/// expressions over them report it). Where there is none, as for an expression, the first non-null value
/// decides; an integer column that later meets a real is widened to double, as pandas would.
///
/// This thread steps SQLite and copies each row into a block (``SQLiteRowBlock``); full blocks go to a
/// ``SQLiteBlockAssembler``, which builds the columns on another thread meanwhile.
struct SQLiteColumnReader {
    private let statement: OpaquePointer
    private let names: [String]
    /// Each column's type as far as the rows so far tell: a column with no declared type is a string column of
    /// nulls until its first non-null value types it.
    private var types: [ColumnType]
    private var isTyped: [Bool]
    private var untypedCount: Int
    private let assembler: SQLiteBlockAssembler
    /// The block being filled; the row loop works on its buffers through the copies below, so that it touches
    /// no class (and no reference count) per field.
    private var block: SQLiteRowBlock
    private var slots: UnsafeMutablePointer<UInt64>
    private var validity: UnsafeMutablePointer<UInt64>
    private var text: SQLiteTextArena
    private var blockCount = 0
    private var retyped: [(column: Int, type: ColumnType)] = []
    /// Rows submitted to the assembler since the last ``takeFrame()``.
    private var submittedRows = 0
    /// Rows read in all, for the row numbers of errors.
    private var rowsRead = 0

    init(statement: OpaquePointer) {
        self.statement = statement
        let count = Int(sqlite3_column_count(statement))
        var names: [String] = []
        var types: [ColumnType] = []
        var isTyped: [Bool] = []
        for index in 0..<count {
            names.append(String(cString: sqlite3_column_name(statement, Int32(index))))
            let declared = sqlite3_column_decltype(statement, Int32(index)).map { String(cString: $0) }
            let type = Self.type(declared: declared)
            types.append(type ?? .string)
            isTyped.append(type != nil)
        }
        self.names = names
        self.types = types
        self.isTyped = isTyped
        untypedCount = isTyped.count(where: { !$0 })
        assembler = SQLiteBlockAssembler(builders: zip(names, types).map { ColumnBuilder(name: $0, type: $1) })
        block = assembler.nextFreeBlock()
        (slots, validity, text) = (block.slots, block.validity, block.text)
    }

    /// Appends the statement's current row.
    ///
    /// The loop writes straight into the block's raw buffers and the column types' array, in place: going
    /// through copies of builders once retained and released their buffers for every field.
    mutating func appendCurrentRow() throws(DatabaseError) {
        if untypedCount > 0 { typeColumnsFromCurrentRow() }
        let (statement, slots, validity) = (statement, slots, validity)
        rowsRead += 1
        let position = blockCount
        let bit = UInt64(1) << UInt64(position & 63)
        var text = text
        var failure: (column: Int, storage: Int32)?
        var widened: [Int] = []
        types.withUnsafeMutableBufferPointer { types in
            for index in types.indices {
                let slot = slots + (index &* SQLiteRowBlock.capacity &+ position)
                // One column lookup per field; the sqlite3_value_* reads after it skip the per-call
                // bookkeeping of sqlite3_column_*. The value is read at once, on this connection's one thread.
                let value = sqlite3_column_value(statement, Int32(index))
                let storage = sqlite3_value_type(value)
                if storage == SQLITE_NULL {
                    slot.pointee = 0
                    continue
                }
                guard let bits = Self.slot(of: value, storage: storage, type: types[index], text: &text) else {
                    if types[index] == .int64, storage == SQLITE_FLOAT {
                        // An integer column meeting a real: widened, its earlier rows in the block made doubles.
                        types[index] = .double
                        widened.append(index)
                        let earlier = slots + index &* SQLiteRowBlock.capacity
                        for row in 0..<position { earlier[row] = Double(Int64(bitPattern: earlier[row])).bitPattern }
                        slot.pointee = sqlite3_value_double(value).bitPattern
                    } else {
                        failure = (index, storage)
                        return
                    }
                    validity[index &* SQLiteRowBlock.wordsPerColumn &+ position >> 6] |= bit
                    continue
                }
                slot.pointee = bits
                validity[index &* SQLiteRowBlock.wordsPerColumn &+ position >> 6] |= bit
            }
        }
        // Back before anything else looks at it. When the text moved to a larger buffer, the block learns so
        // at once: it frees the buffer it holds, whether or not it is ever submitted.
        if text.base != self.text.base { block.text = text }
        self.text = text
        for column in widened { retyped.append((column, .double)) }
        if let failure { throw mismatch(column: failure.column, storage: failure.storage) }
        blockCount = position + 1
        if blockCount == SQLiteRowBlock.capacity || text.count >= SQLiteRowBlock.textLimit { submitBlock() }
    }

    /// Hands the block to the assembler and takes the next free one.
    private mutating func submitBlock() {
        guard blockCount > 0 || !retyped.isEmpty else { return }
        (block.count, block.text, block.retyped) = (blockCount, text, retyped)
        submittedRows += blockCount
        assembler.submit(block)
        block = assembler.nextFreeBlock()
        (slots, validity, text, blockCount) = (block.slots, block.validity, block.text, 0)
        retyped.removeAll(keepingCapacity: true)
    }

    /// Rows appended since the last ``takeFrame()``.
    var rowCount: Int { submittedRows + blockCount }

    /// The frame of the rows appended since the last call. The columns start again empty with the types
    /// they have now, so a column typed (or widened) in one batch stays so in the next.
    mutating func takeFrame() throws(FrameError) -> Frame {
        submitBlock()
        submittedRows = 0
        return try Frame(columns: assembler.takeColumns())
    }

    /// Gives each still-untyped column with a value in the current row the type of that value's storage
    /// class; its nulls so far are nulls of that type.
    private mutating func typeColumnsFromCurrentRow() {
        for index in types.indices where !isTyped[index] {
            let storage = sqlite3_column_type(statement, Int32(index))
            guard storage != SQLITE_NULL else { continue }
            let type: ColumnType =
                switch storage {
                case SQLITE_INTEGER: .int64
                case SQLITE_FLOAT: .double
                default: .string
                }
            types[index] = type
            retyped.append((index, type))
            isTyped[index] = true
            untypedCount -= 1
        }
    }

    /// The slot of one non-null field, or nil when the column's type cannot hold its storage class: an integer
    /// column meeting a real (which the caller widens), or a mismatch that fails the read.
    @inline(__always)
    private static func slot(of value: OpaquePointer?, storage: Int32, type: ColumnType, text: inout SQLiteTextArena) -> UInt64? {
        switch (type, storage) {
        case (.int64, SQLITE_INTEGER):
            return UInt64(bitPattern: sqlite3_value_int64(value))
        case (.double, SQLITE_FLOAT), (.double, SQLITE_INTEGER), (.date, SQLITE_FLOAT), (.date, SQLITE_INTEGER):
            return sqlite3_value_double(value).bitPattern
        case (.bool, SQLITE_INTEGER):
            return sqlite3_value_int64(value) != 0 ? 1 : 0
        case (.string, _):
            let bytes = sqlite3_value_text(value)
            let length = Int(sqlite3_value_bytes(value))
            guard text.canStore(length) else { return nil }
            return text.store(UnsafeRawBufferPointer(start: bytes, count: length))
        default:
            return nil
        }
    }

    /// The error for a value whose storage class its column's type cannot hold (text in an `INTEGER` column of a
    /// non-STRICT table, say): the read fails with the column and row named, instead of guessing.
    private func mismatch(column: Int, storage: Int32) -> DatabaseError {
        let name = names[column]
        if types[column] == .string {
            return DatabaseError(.query, "row \(rowsRead) holds more than 4 GiB of text", hint: "read its large columns in a separate query")
        }
        let held = storage == SQLITE_TEXT ? "text" : storage == SQLITE_BLOB ? "a blob" : "a real number"
        return DatabaseError(
            .query, "column \(name) is typed \(types[column].rawValue), but row \(rowsRead) holds \(held)",
            hint: "cast the column in the query (CAST(\(name) AS TEXT)) or fix the stored value")
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
