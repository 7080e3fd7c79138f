import Foundation

/// Reads RFC 4180 CSV (quoted fields, `""` escapes, LF or CRLF line ends, an optional UTF-8 BOM) one record at a time.
///
/// An empty field or `NA` (the R and palmerpenguins convention) becomes NULL. The reader never crashes on bad
/// input: the first problem stops it and is kept in ``problem`` with its line, so a bulk load that consumes it
/// as a sequence can be rolled back with a precise message.
public struct CSVReader: Sequence, IteratorProtocol, Sendable {
    /// The first malformed record: its 1-based line and what is wrong with it.
    public struct Problem: Error, Equatable, Sendable {
        public let line: Int
        public let reason: String
    }

    public let header: [String]
    public private(set) var problem: Problem?
    /// The line on which the most recently returned record started.
    public private(set) var recordLine = 1
    /// The whole file, usually mapped rather than read (``Migration/load(from:for:)``), so a large CSV costs
    /// no memory of the process's own: a copy would take free pages the database server then lacks.
    private let bytes: Data
    private var position = 0
    private var line = 1

    /// Reads the header row; fails when it is missing or malformed.
    public init(bytes: Data) throws(Problem) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        guard position < bytes.count else { throw Problem(line: 1, reason: "the file is empty; a header row is required") }
        var names: [String?] = []
        _ = try Self.record(in: bytes, from: &position, line: &line) { field in
            names.append(field.isNull || field.bytes.isEmpty ? nil : String(decoding: field.bytes, as: UTF8.self))
        }
        let header = names.compactMap { $0 }
        guard header.count == names.count else { throw Problem(line: 1, reason: "the header row has an empty column name") }
        self.header = header
    }

    /// The next record as bound values, or nil at the end or at the first problem.
    public mutating func next() -> [SQLValue]? {
        var fields: [SQLValue] = []
        fields.reserveCapacity(header.count)
        guard nextRecord({ fields.append($0.value) }) else { return nil }
        return fields
    }

    /// Scans the next record, handing each field to `onField` in order as it lies in the file, so a caller that
    /// encodes the bytes itself (binary COPY) makes no `String` per field. False at the end or at the first
    /// problem; a record with the wrong number of fields is a problem, though `onField` has seen its fields.
    mutating func nextRecord(_ onField: (CSVField) -> Void) -> Bool {
        guard problem == nil, position < bytes.count else { return false }
        recordLine = line
        do {
            let count = try Self.record(in: bytes, from: &position, line: &line, onField)
            guard count == header.count else {
                problem = Problem(line: recordLine, reason: "expected \(header.count) fields but found \(count)")
                return false
            }
            return true
        } catch {
            problem = error
            return false
        }
    }

    /// Parses one record starting at `position`, handing each field to `onField`; returns the number of fields.
    ///
    /// It scans the bytes in place and hands each field as its slice of the file (a quoted field with `""`
    /// escapes is the only one copied first), because a migration reads millions of them.
    private static func record(
        in bytes: Data, from position: inout Int, line: inout Int, _ onField: (CSVField) -> Void
    ) throws(Problem) -> Int {
        let startLine = line
        var failure: Problem?
        var cursor = position
        var currentLine = line
        var count = 0
        bytes.withUnsafeBytes { raw in
            let buffer = raw.assumingMemoryBound(to: UInt8.self)
            let end = buffer.count
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
            while true {
                var quoted: Range<Int>?
                // Made only at a field's first `""`, which is the only case where its bytes differ from the file's.
                var unescaped: [UInt8]?
                if cursor < end, buffer[cursor] == quote {
                    cursor += 1
                    let start = cursor
                    var closed = false
                    while cursor < end {
                        let byte = buffer[cursor]
                        cursor += 1
                        if byte == quote {
                            if cursor < end, buffer[cursor] == quote {
                                if unescaped == nil { unescaped = Array(buffer[start..<cursor]) } else { unescaped!.append(byte) }
                                cursor += 1
                            } else {
                                closed = true
                                break
                            }
                        } else {
                            if byte == newline { currentLine += 1 }
                            unescaped?.append(byte)
                        }
                    }
                    guard closed else {
                        failure = Problem(line: startLine, reason: "a quoted field is not closed")
                        return
                    }
                    quoted = start..<(cursor - 1)
                }
                let start = cursor
                while cursor < end, buffer[cursor] != comma, buffer[cursor] != newline, buffer[cursor] != carriageReturn {
                    if buffer[cursor] == quote || quoted != nil {
                        failure = Problem(
                            line: currentLine, reason: "a quote character appears inside an unquoted field, or text follows a closing quote")
                        return
                    }
                    cursor += 1
                }
                count += 1
                if let unescaped {
                    unescaped.withUnsafeBufferPointer { onField(CSVField(bytes: $0, quoted: true)) }
                } else {
                    onField(CSVField(bytes: UnsafeBufferPointer(rebasing: buffer[quoted ?? start..<cursor]), quoted: quoted != nil))
                }
                guard cursor < end else { return }
                switch buffer[cursor] {
                case comma:
                    cursor += 1
                case carriageReturn:
                    cursor += 1
                    if cursor < end, buffer[cursor] == newline { cursor += 1 }
                    currentLine += 1
                    return
                default:
                    cursor += 1
                    currentLine += 1
                    return
                }
            }
        }
        position = cursor
        line = currentLine
        if let failure { throw failure }
        return count
    }
}

/// One field of a CSV record as the file spells it, without its quotes and `""` escapes.
///
/// `bytes` points into the reader's buffer and is valid only while the callback that receives it runs.
struct CSVField {
    let bytes: UnsafeBufferPointer<UInt8>
    let quoted: Bool

    /// An unquoted empty field or an unquoted `NA` (the R and palmerpenguins convention); quoted, both are text.
    var isNull: Bool {
        !quoted && (bytes.isEmpty || (bytes.count == 2 && bytes[0] == UInt8(ascii: "N") && bytes[1] == UInt8(ascii: "A")))
    }

    /// The field as a bound value: NULL or text.
    var value: SQLValue { isNull ? .null : .text(String(decoding: bytes, as: UTF8.self)) }
}
