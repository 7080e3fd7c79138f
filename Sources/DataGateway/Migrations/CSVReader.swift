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
        let header = try Self.record(in: bytes, from: &position, line: &line)
        guard header.allSatisfy({ $0 != nil && !$0!.isEmpty }) else {
            throw Problem(line: 1, reason: "the header row has an empty column name")
        }
        self.header = header.map { $0! }
    }

    /// The next record as bound values, or nil at the end or at the first problem.
    public mutating func next() -> [SQLValue]? {
        guard problem == nil, position < bytes.count else { return nil }
        recordLine = line
        do {
            let fields = try Self.record(in: bytes, from: &position, line: &line)
            guard fields.count == header.count else {
                problem = Problem(line: recordLine, reason: "expected \(header.count) fields but found \(fields.count)")
                return nil
            }
            return fields.map { field in field.map(SQLValue.text) ?? .null }
        } catch {
            problem = error
            return nil
        }
    }

    /// Parses one record starting at `position`; a nil field is NULL.
    private static func record(in bytes: [UInt8], from position: inout Int, line: inout Int) throws(Problem) -> [String?] {
        var fields: [String?] = []
        let startLine = line
        while true {
            var field: [UInt8] = []
            var wasQuoted = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                wasQuoted = true
                position += 1
                while true {
                    guard position < bytes.count else {
                        throw Problem(line: startLine, reason: "a quoted field is not closed")
                    }
                    let byte = bytes[position]
                    position += 1
                    if byte == UInt8(ascii: "\"") {
                        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                            field.append(byte)
                            position += 1
                        } else {
                            break
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                }
            }
            while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "\n"),
                bytes[position] != UInt8(ascii: "\r")
            {
                if bytes[position] == UInt8(ascii: "\"") || wasQuoted {
                    throw Problem(line: line, reason: "a quote character appears inside an unquoted field, or text follows a closing quote")
                }
                field.append(bytes[position])
                position += 1
            }
            let text = String(decoding: field, as: UTF8.self)
            fields.append(!wasQuoted && (text.isEmpty || text == "NA") ? nil : text)
            guard position < bytes.count else { return fields }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "\r"):
                position += 1
                if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { position += 1 }
                line += 1
                return fields
            default:
                position += 1
                line += 1
                return fields
            }
        }
    }
}
