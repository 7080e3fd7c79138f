/// Up to ``capacity`` rows of a SQLite read, as the stepping thread gathers them for ``SQLiteBlockAssembler``:
/// one 64-bit slot per field, a validity bit beside it, and the text of string fields copied out of SQLite
/// (whose pointers last only until the next step).
///
/// Its buffers are raw memory, allocated once and reused: the reader fills a block while the assembler's thread
/// appends another, and each hands the block to the other only through the assembler's queue and semaphore.
final class SQLiteRowBlock: @unchecked Sendable {
    /// Rows per block: a multiple of 64, and few enough that a block's slots (16 KiB a column) stay in the cache.
    static let capacity = 2048
    static let wordsPerColumn = capacity / 64
    /// A block is handed over early once its text passes this, so one holds at most a little more.
    static let textLimit = 1 << 24

    let columns: Int
    /// Column after column, ``capacity`` slots each: an `Int64`'s or a `Double`'s bit pattern, 0 or 1 for a
    /// bool, 0 for a null, and for text where ``text`` holds it.
    let slots: UnsafeMutablePointer<UInt64>
    /// Column after column, ``wordsPerColumn`` words each; zero where nothing was set.
    let validity: UnsafeMutablePointer<UInt64>
    /// The block's text; the reader works on a copy while it fills the block and puts it back when it submits it.
    var text = SQLiteTextArena()
    var count = 0
    /// Columns given a type, or widened from integer to double, while this block was filled, in order: the
    /// assembler changes its builders so before it appends the block.
    var retyped: [(column: Int, type: ColumnType)] = []

    init(columns: Int) {
        self.columns = columns
        slots = .allocate(capacity: max(1, columns) * Self.capacity)
        slots.initialize(repeating: 0, count: max(1, columns) * Self.capacity)
        validity = .allocate(capacity: max(1, columns) * Self.wordsPerColumn)
        validity.initialize(repeating: 0, count: max(1, columns) * Self.wordsPerColumn)
    }

    deinit {
        slots.deallocate()
        validity.deallocate()
        text.deallocate()
    }

    /// Empties the block for the next rows (every validity word back to zero).
    func reset() {
        validity.update(repeating: 0, count: max(1, columns) * Self.wordsPerColumn)
        text.count = 0
        count = 0
        retyped.removeAll(keepingCapacity: true)
    }
}

/// Text fields side by side in one growing buffer; a field is found again by the slot ``store(_:)`` returns,
/// its offset in the high 32 bits and its length in the low 32.
struct SQLiteTextArena {
    private(set) var base = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 8)
    private(set) var capacity = 1 << 16
    var count = 0

    /// Whether `length` more bytes still have an offset and a length that fit in 32 bits.
    func canStore(_ length: Int) -> Bool {
        count + length <= Int(UInt32.max)
    }

    @inline(__always)
    mutating func store(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let offset = count
        if offset + bytes.count > capacity { grow(toHold: offset + bytes.count) }
        if let source = bytes.baseAddress, bytes.count > 0 { (base + offset).copyMemory(from: source, byteCount: bytes.count) }
        count = offset + bytes.count
        return UInt64(offset) << 32 | UInt64(bytes.count)
    }

    @inline(__always)
    func bytes(of slot: UInt64) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + Int(slot >> 32), count: Int(slot & 0xFFFF_FFFF))
    }

    /// Frees the buffer; called once, by the block that owns the arena.
    func deallocate() {
        base.deallocate()
    }

    private mutating func grow(toHold needed: Int) {
        var grown = capacity
        while grown < needed { grown *= 2 }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        buffer.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = buffer
        capacity = grown
    }
}
