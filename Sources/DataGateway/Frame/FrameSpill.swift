import Foundation

/// Frames appended one after another and kept in temporary files rather than in memory, to be hashed and
/// read back in chunks: the complete cases of a training query too big to hold.
///
/// Each column goes to a file of its own, 8 bytes a row for a number and a 4-byte code for a string (the
/// distinct strings stay in memory), so ``fingerprint()`` can hash a whole column before the next, as
/// ``Frame/fingerprint()`` does, and give the same bytes for the same rows. The files are unlinked as soon
/// as they are created: they vanish with the process, however it ends.
///
/// It holds rows without nulls only (complete cases). Columns keep their names and order from the first
/// frame with rows; a later int64 column may arrive as double, because a SQLite read widens a column when
/// it meets its first real, and the spill then widens the rows it already holds, as the read would have.
///
/// Appending is for one thread; once ``seal()`` has returned, the spill only reads (`pread` on its own
/// offsets), so hashing it on one thread while another reads it back is safe.
public final class FrameSpill: @unchecked Sendable {
    private var columns: [SpilledColumn] = []
    public private(set) var rowCount = 0
    private let directory: String
    private var isSealed = false

    /// Files go to `directory`, by default the system's temporary directory (`TMPDIR`).
    public init(directory: String = NSTemporaryDirectory()) {
        self.directory = directory
    }

    /// Appends `frame`'s rows. A frame without rows only widens a column's type.
    public func append(_ frame: Frame) throws(FrameSpillError) {
        precondition(!isSealed, "append after seal")
        if columns.isEmpty {
            guard frame.rowCount > 0 else { return }
            for column in frame.columns { columns.append(try SpilledColumn(name: column.name, type: column.type, directory: directory)) }
        }
        guard frame.columns.map(\.name) == columns.map(\.name) else {
            throw FrameSpillError("a frame's columns \(frame.columns.map(\.name)) differ from the spill's \(columns.map(\.name))")
        }
        for (index, column) in frame.columns.enumerated() {
            try columns[index].append(column, heldRows: rowCount)
        }
        rowCount += frame.rowCount
    }

    /// Writes out what is still buffered; after it the spill only reads.
    public func seal() throws(FrameSpillError) {
        for column in columns { try column.flush() }
        isSealed = true
    }

    /// SHA-256 of the appended rows, equal to ``Frame/fingerprint()`` of all of them in one frame.
    public func fingerprint() throws(FrameSpillError) -> String {
        precondition(isSealed, "hash after seal")
        var feed = HashFeed()
        for column in columns {
            feed.append(lengthPrefixed: column.name)
            feed.append(lengthPrefixed: column.type.rawValue)
            var start = 0
            while start < rowCount {
                let count = min(1 << 16, rowCount - start)
                try column.read(from: start, count: count).feedValues(into: &feed)
                start += count
            }
        }
        return feed.finalize()
    }

    /// Reads the rows back in order, at most `rows` at a time, as frames of the spill's columns.
    public func forEachChunk(rows: Int, _ body: (Frame) throws -> Void) throws {
        precondition(rows > 0, "chunks need at least one row")
        var start = 0
        while start < rowCount {
            let count = min(rows, rowCount - start)
            try body(try self.rows(from: start, count: count))
            start += count
        }
    }

    /// Rows `start ..< start + count` as a frame of the spill's columns.
    public func rows(from start: Int, count: Int) throws(FrameSpillError) -> Frame {
        precondition(isSealed && start >= 0 && count >= 0 && start + count <= rowCount, "rows within the sealed spill")
        var built: [Column] = []
        for column in columns { built.append(try column.read(from: start, count: count)) }
        do { return try Frame(columns: built) } catch { preconditionFailure("the spill's columns have distinct names: \(error)") }
    }
}

/// Why the spill could not write or read its files, e.g. a full or unwritable temporary directory.
public struct FrameSpillError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    static func system(_ action: String) -> FrameSpillError {
        FrameSpillError(
            "cannot \(action) a temporary file for the rows read in batches: \(String(cString: strerror(errno))); "
                + "point TMPDIR at a writable directory with room for the training rows")
    }
}

/// One column's file, its write buffer, and the distinct strings of a string column.
private final class SpilledColumn {
    let name: String
    private(set) var type: ColumnType
    /// Rows before this index were written as int64 and are read back as doubles.
    private var widenedAt = 0
    private var dictionary: [String] = []
    private var codeOfBytes: [[UInt8]: UInt32] = [:]
    private let descriptor: Int32
    /// The write buffer: `pendingBytes` of it wait for the next `pwrite`.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: SpilledColumn.bufferSize, alignment: 8)
    private var pendingBytes = 0
    private var written = 0

    init(name: String, type: ColumnType, directory: String) throws(FrameSpillError) {
        guard type == .double || type == .int64 || type == .string else {
            throw FrameSpillError("column '\(name)' is \(type.rawValue); the spill holds numbers and strings")
        }
        self.name = name
        self.type = type
        var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast()) + Array("penguins-spill.XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw FrameSpillError.system("create") }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    private static let bufferSize = 1 << 16

    private var width: Int { type == .string ? 4 : 8 }

    func append(_ column: Column, heldRows: Int) throws(FrameSpillError) {
        if column.type != type {
            guard type == .int64, column.type == .double else {
                throw FrameSpillError("column '\(name)' arrived as \(column.type.rawValue) after \(type.rawValue)")
            }
            type = .double
            widenedAt = heldRows
        }
        guard column.count > 0 else { return }
        guard column.nullCount == 0 else { throw FrameSpillError("column '\(name)' has nulls; the spill holds complete rows") }
        switch column.values {
        case .double(let values):
            try write(values.lazy.map(\.bitPattern))
        case .int64(let values):
            try write(values)
        case .string(let codes, let dictionary):
            let global = dictionary.map { text in
                let bytes = Array(text.utf8)
                if let code = codeOfBytes[bytes] { return code }
                let code = UInt32(self.dictionary.count)
                codeOfBytes[bytes] = code
                self.dictionary.append(text)
                return code
            }
            try write(codes.lazy.map { global[Int($0)] })
        case .bool, .date:
            preconditionFailure("column types are checked when the column is created")
        }
    }

    /// Stores each value's little-endian bytes straight into the buffer, counting in a local: this runs for
    /// every value of every training row, and a stored property touched per value costs an exclusivity check
    /// and an array append each (a quarter of `train`'s time on its own core).
    private func write<Value: FixedWidthInteger>(_ values: some Sequence<Value>) throws(FrameSpillError) {
        let width = MemoryLayout<Value>.size
        var filled = pendingBytes
        for value in values {
            if filled + width > buffer.count {
                pendingBytes = filled
                try flush()
                filled = 0
            }
            buffer.storeBytes(of: value.littleEndian, toByteOffset: filled, as: Value.self)
            filled += width
        }
        pendingBytes = filled
    }

    func flush() throws(FrameSpillError) {
        var offset = 0
        while offset < pendingBytes {
            let count = pwrite(descriptor, buffer.baseAddress! + offset, pendingBytes - offset, off_t(written + offset))
            guard count > 0 else { throw FrameSpillError.system("write") }
            offset += count
        }
        written += pendingBytes
        pendingBytes = 0
    }

    /// Rows `start ..< start + count` as a column.
    func read(from start: Int, count: Int) throws(FrameSpillError) -> Column {
        var bytes = [UInt8](repeating: 0, count: count * width)
        var offset = 0
        while offset < bytes.count {
            let got = bytes[offset...].withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(start * width + offset)) }
            guard got > 0 else { throw FrameSpillError.system("read") }
            offset += got
        }
        let values: ColumnValues = bytes.withUnsafeBytes { raw in
            switch type {
            case .string:
                return .string(codes: DictionaryCodes((0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian }), dictionary: dictionary)
            case .int64:
                return .int64(IntegerValues((0..<count).map { Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }))
            default:
                return .double((0..<count).map { index in
                    let bits = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
                    return start + index < widenedAt ? Double(Int64(bitPattern: bits)) : Double(bitPattern: bits)
                })
            }
        }
        return Column(name: name, values: values, validity: ValidityBitmap(allValid: count))
    }
}
