import CLibPQ

/// Encodes rows in `COPY … FROM STDIN` text format and sends them to libpq in chunks of about 64 KiB,
/// so memory stays flat however many rows are written.
struct PostgresCopyWriter {
    private static let chunkSize = 64 * 1024
    private let columnCount: Int
    private var buffer: [UInt8] = []

    init(columnCount: Int) {
        self.columnCount = columnCount
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Encodes one row, sending the chunk when it is full.
    mutating func append(_ row: [SQLValue], rowNumber: Int, to connection: OpaquePointer) throws(DatabaseError) {
        guard row.count == columnCount else {
            throw DatabaseError(
                .invalidInput, "row \(rowNumber) has \(row.count) values, but \(columnCount) columns were named", row: rowNumber)
        }
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: appendEscape("N")
            case .integer(let value): buffer.append(contentsOf: String(value).utf8)
            case .double(let value): buffer.append(contentsOf: PostgresText.double(value).utf8)
            case .bool(let value): buffer.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .text(let value): try appendEscaped(value)
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { try flush(to: connection) }
    }

    /// Sends whatever is buffered.
    mutating func flush(to connection: OpaquePointer) throws(DatabaseError) {
        try Self.send(&buffer, to: connection)
    }

    /// Sends `buffer`'s bytes as COPY data, if it has any, and empties it for the next chunk.
    static func send(_ buffer: inout [UInt8], to connection: OpaquePointer) throws(DatabaseError) {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBytes { bytes in
            PQputCopyData(connection, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count))
        }
        guard sent == 1 else {
            throw PostgresErrors.clientError(String(cString: PQerrorMessage(connection)), connection)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Backslash, tab, newline and carriage return are the bytes COPY text format gives meaning to. Most text
    /// has none of them (or a NUL) and is copied whole: byte by byte, the escaping was a fifth of the prediction
    /// log writer's time.
    private mutating func appendEscaped(_ text: String) throws(DatabaseError) {
        if !text.utf8.contains(where: { $0 <= UInt8(ascii: "\r") || $0 == UInt8(ascii: "\\") }) {
            buffer.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0: throw PostgresText.nulInText
            case UInt8(ascii: "\\"): appendEscape("\\")
            case UInt8(ascii: "\t"): appendEscape("t")
            case UInt8(ascii: "\n"): appendEscape("n")
            case UInt8(ascii: "\r"): appendEscape("r")
            default: buffer.append(byte)
            }
        }
    }

    private mutating func appendEscape(_ letter: Unicode.Scalar) {
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: letter))
    }
}
