import Dispatch

/// Builds a SQLite read's columns on a thread of its own, from the blocks of rows the stepping thread hands it.
///
/// SQLite steps a statement on one thread. Encoding the strings into dictionaries, growing the columns and
/// faulting in their fresh pages took a third of a 5M-row read on that same thread; here it overlaps the stepping.
/// At most ``blocksInFlight`` blocks exist, so a read holds a few hundred kilobytes besides its frame.
///
/// The builders are touched only on `queue`; a block belongs to the reader until ``submit(_:)`` and to the queue
/// until the queue returns it with ``nextFreeBlock()``. That handover is what makes the unchecked `Sendable` sound.
final class SQLiteBlockAssembler: @unchecked Sendable {
    static let blocksInFlight = 3

    private var builders: [ColumnBuilder]
    private let queue = DispatchQueue(label: "penguins.sqlite-read")
    /// Counts the blocks the reader may take. Created at zero and signalled up: libdispatch refuses to free a
    /// semaphore whose count is below the one it was created with, as it is while the reader holds a block.
    private let freeBlocks = DispatchSemaphore(value: 0)
    private let blocks: [SQLiteRowBlock]
    private var nextBlock = 0

    init(builders: [ColumnBuilder]) {
        self.builders = builders
        blocks = (0..<Self.blocksInFlight).map { _ in SQLiteRowBlock(columns: builders.count) }
        for _ in blocks { freeBlocks.signal() }
    }

    /// An empty block for the reader to fill, waiting while all are with the queue. Blocks come back in the order
    /// they were submitted, so the next in turn is the one the semaphore's permit stands for.
    func nextFreeBlock() -> SQLiteRowBlock {
        freeBlocks.wait()
        defer { nextBlock = (nextBlock + 1) % blocks.count }
        return blocks[nextBlock]
    }

    /// Appends `block` to the columns on the queue, then frees it.
    func submit(_ block: SQLiteRowBlock) {
        queue.async {
            self.append(block)
            block.reset()
            self.freeBlocks.signal()
        }
    }

    /// Waits for every submitted block, then returns the columns and starts them again empty, with the types
    /// they have now.
    func takeColumns() -> [Column] {
        queue.sync {
            let columns = builders.map { $0.build() }
            builders = builders.map { ColumnBuilder(name: $0.name, type: $0.type) }
            return columns
        }
    }

    private func append(_ block: SQLiteRowBlock) {
        for (column, type) in block.retyped { builders[column] = Self.retyped(builders[column], to: type) }
        let count = block.count
        guard count > 0 else { return }
        let words = (count + 63) / 64
        builders.withUnsafeMutableBufferPointer { builders in
            for index in builders.indices {
                let slots = UnsafeMutableBufferPointer(start: block.slots + index * SQLiteRowBlock.capacity, count: count)
                let validity = block.validity + index * SQLiteRowBlock.wordsPerColumn
                if builders[index].type == .string {
                    // The reader's text slots become dictionary codes here.
                    for row in 0..<count {
                        let isValid = validity[row >> 6] >> UInt64(row & 63) & 1 != 0
                        slots[row] = isValid ? UInt64(builders[index].code(ofUTF8: block.text.bytes(of: slots[row]))) : 0
                    }
                }
                builders[index].append(slots: UnsafeBufferPointer(slots), validity: UnsafeBufferPointer(start: validity, count: words))
            }
        }
    }

    /// A column's builder after the reader gave it `type`: an untyped column (all null so far) starts again
    /// typed with as many nulls, and an integer column widened to double keeps its values as doubles.
    private static func retyped(_ builder: ColumnBuilder, to type: ColumnType) -> ColumnBuilder {
        guard builder.type != type else { return builder }
        let column = builder.build()
        var retyped = ColumnBuilder(name: builder.name, type: type, capacity: column.count)
        for row in 0..<column.count {
            if type == .double, let value = column.numeric(row) { retyped.append(value) } else { retyped.appendNull() }
        }
        return retyped
    }
}
