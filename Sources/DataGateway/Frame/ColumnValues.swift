/// The contiguous typed buffer behind a column. Null rows hold a placeholder (0, false or code 0)
/// and are told apart by the column's validity bitmap.
public enum ColumnValues: Sendable, Equatable {
    case double([Double])
    case int64(IntegerValues)
    case bool([Bool])
    case date([Double])
    /// One code per row into `dictionary`, which holds each distinct string once.
    case string(codes: DictionaryCodes, dictionary: [String])

    /// The element type these values have.
    public var type: ColumnType {
        switch self {
        case .double: .double
        case .int64: .int64
        case .bool: .bool
        case .date: .date
        case .string: .string
        }
    }

    /// The values of the given rows, in the given order.
    func gathering(_ rows: [Int]) -> ColumnValues {
        switch self {
        case .double(let values): .double(rows.map { values[$0] })
        case .int64(let values): .int64(IntegerValues(rows.lazy.map { values[$0] }))
        case .bool(let values): .bool(rows.map { values[$0] })
        case .date(let values): .date(rows.map { values[$0] })
        case .string(let codes, let dictionary): .string(codes: DictionaryCodes(rows.lazy.map { codes[$0] }), dictionary: dictionary)
        }
    }
}
