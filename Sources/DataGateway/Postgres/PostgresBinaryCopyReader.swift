/// Parses the stream of `COPY … TO STDOUT (FORMAT binary)` straight into column builders.
///
/// libpq hands over one CopyData message per `PQgetCopyData` call: the file header arrives with the first
/// row, and the server sends whole rows per message. Fields are read in place from libpq's buffer with
/// unaligned big-endian loads, so no per-field allocation happens between the wire and the typed buffers.
struct PostgresBinaryCopyReader {
    private static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]

    private enum State { case header, rows, finished }

    private var builders: [ColumnBuilder]
    private let types: [PostgresType]
    private var state = State.header

    /// `capacity` is the expected row count, reserved up front; more rows still fit.
    init(names: [String], types: [PostgresType], capacity: Int = 0) {
        self.builders = zip(names, types).map { ColumnBuilder(name: $0, type: $1.columnType, dates: $1.dates, capacity: capacity) }
        self.types = types
    }

    /// Parses one CopyData message.
    mutating func consume(_ message: UnsafeRawBufferPointer) throws(DatabaseError) {
        var cursor = ByteCursor(message)
        if state == .header {
            try readHeader(&cursor)
            state = .rows
        }
        // One uniqueness check per message instead of one per field.
        var failure: DatabaseError?
        let types = types
        var state = state
        builders.withUnsafeMutableBufferPointer { builders in
            do throws(DatabaseError) {
                try Self.readRows(&cursor, types: types, into: builders, state: &state)
            } catch {
                failure = error
            }
        }
        self.state = state
        if let failure { throw failure }
    }

    private static func readRows(
        _ cursor: inout ByteCursor, types: [PostgresType], into builders: UnsafeMutableBufferPointer<ColumnBuilder>,
        state: inout State
    ) throws(DatabaseError) {
        while !cursor.isAtEnd {
            guard state == .rows else { throw malformed("data after the end-of-data marker") }
            let fieldCount = Int(try cursor.int16())
            if fieldCount == -1 {
                state = .finished
                continue
            }
            guard fieldCount == types.count else {
                throw malformed("a row has \(fieldCount) fields, the query described \(types.count)")
            }
            for column in 0..<fieldCount {
                let length = Int(try cursor.int32())
                if length == -1 {
                    builders[column].appendNull()
                } else {
                    try types[column].append(try cursor.bytes(length), to: &builders[column])
                }
            }
        }
    }

    /// The finished frame; fails unless the end-of-data marker was seen.
    func frame() throws(DatabaseError) -> Frame {
        try finishCheck()
        return try Frame(postgresColumns: builders.map { $0.build() })
    }

    /// Fails unless the end-of-data marker was seen.
    func finishCheck() throws(DatabaseError) {
        guard state == .finished else { throw Self.malformed("the stream ended without its end-of-data marker") }
    }

    /// Rows parsed so far and not yet taken.
    var rowCount: Int { builders.first?.count ?? 0 }

    /// The rows parsed since the last call, as a frame; the builders start again empty, with the same
    /// columns and room for as many rows.
    mutating func takeRows() throws(DatabaseError) -> Frame {
        let frame = try Frame(postgresColumns: builders.map { $0.build() })
        let capacity = rowCount
        builders = builders.map { ColumnBuilder(name: $0.name, type: $0.type, dates: $0.dates, capacity: capacity) }
        return frame
    }

    private func readHeader(_ cursor: inout ByteCursor) throws(DatabaseError) {
        let signature = try cursor.bytes(Self.signature.count)
        guard signature.elementsEqual(Self.signature) else { throw Self.malformed("bad signature") }
        let flags = UInt32(bitPattern: try cursor.int32())
        // Bit 16 means OIDs are included; bits 17-31 are critical flags a reader must not ignore.
        guard flags & 0xFFFF_0000 == 0 else { throw Self.malformed("unsupported header flags 0x\(String(flags, radix: 16))") }
        let extensionLength = Int(try cursor.int32())
        guard extensionLength >= 0 else { throw Self.malformed("negative header extension length") }
        _ = try cursor.bytes(extensionLength)
    }

    static func malformed(_ problem: String) -> DatabaseError {
        DatabaseError(.query, "malformed binary COPY stream from the server: \(problem)")
    }
}

/// A bounds-checked read position in one message; every read that would run past the end throws.
private struct ByteCursor {
    private let buffer: UnsafeRawBufferPointer
    private var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var isAtEnd: Bool { offset == buffer.count }

    @inline(__always)
    mutating func int16() throws(DatabaseError) -> Int16 {
        try ensure(2)
        defer { offset += 2 }
        return Int16(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int16.self))
    }

    @inline(__always)
    mutating func int32() throws(DatabaseError) -> Int32 {
        try ensure(4)
        defer { offset += 4 }
        return Int32(bigEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    @inline(__always)
    mutating func bytes(_ count: Int) throws(DatabaseError) -> UnsafeRawBufferPointer {
        try ensure(count)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    @inline(__always)
    private func ensure(_ count: Int) throws(DatabaseError) {
        guard count >= 0, buffer.count - offset >= count else {
            throw PostgresBinaryCopyReader.malformed("a row or header runs past the end of its message")
        }
    }
}
