/// Reads RFC 4180 CSV (quoted fields, `""` escapes, LF or CRLF line ends, an optional UTF-8 BOM) one record at a time.
///
/// An empty field or `NA` (the R and palmerpenguins convention) becomes NULL. The reader never crashes on bad
/// input: the first problem stops it and is kept in ``problem`` with its line, so a bulk load that consumes it
/// as a sequence can be rolled back with a precise message.
public struct CSVReader: Sequence, IteratorProtocol {
    /// The first malformed record: its 1-based line and what is wrong with it.
    public struct Problem: Error, Equatable, Sendable {
        public let line: Int
        public let reason: String
    }

    public let header: [String]
    public private(set) var problem: Problem?
    /// The line on which the most recently returned record started.
    public private(set) var recordLine = 1
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    /// Reads the header row; fails when it is missing or malformed.
    public init(bytes: [UInt8]) throws(Problem) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        guard position < bytes.count else { throw Problem(line: 1, reason: "the file is empty; a header row is required") }
        let header = try Self.record(in: bytes, from: &position, line: &line, expectedFields: 0)
        let names = header.compactMap { value -> String? in
            if case .text(let name) = value, !name.isEmpty { return name }
            return nil
        }
        guard names.count == header.count else { throw Problem(line: 1, reason: "the header row has an empty column name") }
        self.header = names
    }

    /// The next record as bound values, or nil at the end or at the first problem.
    public mutating func next() -> [SQLValue]? {
        guard problem == nil, position < bytes.count else { return nil }
        recordLine = line
        do {
            let fields = try Self.record(in: bytes, from: &position, line: &line, expectedFields: header.count)
            guard fields.count == header.count else {
                problem = Problem(line: recordLine, reason: "expected \(header.count) fields but found \(fields.count)")
                return nil
            }
            return fields
        } catch {
            problem = error
            return nil
        }
    }

    /// Parses one record starting at `position`: `.text` per field, `.null` for an unquoted empty or `NA` field.
    ///
    /// It scans the bytes in place and makes each field's `String` straight from its slice of the file (a
    /// quoted field with `""` escapes is the only one copied first), because a migration reads millions of them.
    private static func record(
        in bytes: [UInt8], from position: inout Int, line: inout Int, expectedFields: Int
    ) throws(Problem) -> [SQLValue] {
        var fields: [SQLValue] = []
        fields.reserveCapacity(expectedFields)
        let startLine = line
        var failure: Problem?
        var cursor = position
        var currentLine = line
        bytes.withUnsafeBufferPointer { buffer in
            let end = buffer.count
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
            while true {
                var text: String?
                if cursor < end, buffer[cursor] == quote {
                    cursor += 1
                    var field: [UInt8] = []
                    var closed = false
                    while cursor < end {
                        let byte = buffer[cursor]
                        cursor += 1
                        if byte == quote {
                            if cursor < end, buffer[cursor] == quote {
                                field.append(byte)
                                cursor += 1
                            } else {
                                closed = true
                                break
                            }
                        } else {
                            if byte == newline { currentLine += 1 }
                            field.append(byte)
                        }
                    }
                    guard closed else {
                        failure = Problem(line: startLine, reason: "a quoted field is not closed")
                        return
                    }
                    text = String(decoding: field, as: UTF8.self)
                }
                let start = cursor
                while cursor < end, buffer[cursor] != comma, buffer[cursor] != newline, buffer[cursor] != carriageReturn {
                    if buffer[cursor] == quote || text != nil {
                        failure = Problem(
                            line: currentLine, reason: "a quote character appears inside an unquoted field, or text follows a closing quote")
                        return
                    }
                    cursor += 1
                }
                if let text {
                    fields.append(.text(text))
                } else {
                    let field = UnsafeBufferPointer(rebasing: buffer[start..<cursor])
                    let isNull = field.isEmpty || (field.count == 2 && field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "A"))
                    fields.append(isNull ? .null : .text(String(decoding: field, as: UTF8.self)))
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
        return fields
    }
}
