/// Why a frame operation could not be done; each case names the column so the message says what to fix.
public enum FrameError: Error, Equatable, CustomStringConvertible {
    case missingColumn(String, available: [String])
    case wrongType(column: String, expected: [ColumnType], actual: ColumnType)
    case lengthMismatch(column: String, expected: Int, actual: Int)
    case duplicateColumn(String)

    public var description: String {
        switch self {
        case .missingColumn(let name, let available):
            "no column named '\(name)'; the frame has: \(available.joined(separator: ", "))"
        case .wrongType(let column, let expected, let actual):
            "column '\(column)' is \(actual), expected \(expected.map(\.rawValue).joined(separator: " or "))"
        case .lengthMismatch(let column, let expected, let actual):
            "column '\(column)' has \(actual) rows, the frame has \(expected)"
        case .duplicateColumn(let name):
            "column '\(name)' appears twice; alias one of them in the query"
        }
    }
}
