import PenguinJSON

/// One field of a record sent for prediction, as JSON carries it.
///
/// The server reads request bodies into `[String: RecordValue]` so that the model, not the HTTP layer,
/// decides which shapes and types are acceptable and words the errors.
public enum RecordValue: Sendable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null

    /// The JSON type name, for error messages.
    var typeName: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

extension RecordValue {
    /// A JSON value as a record's field: nil for an array or an object, which no field takes. The one way from
    /// JSON to a record, for `/predict` and `penguins predict --record` alike.
    public init?(_ json: JSONValue) {
        switch json {
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        case .null: self = .null
        case .array, .object: return nil
        }
    }
}

extension RecordValue: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
