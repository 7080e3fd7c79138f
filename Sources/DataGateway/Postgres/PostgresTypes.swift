/// The Postgres types the gateway decodes from their binary wire form, keyed by type OID.
///
/// The set is closed on purpose: a type outside it has a binary form the gateway cannot read,
/// so ``PostgresDatabase/readFrame(_:)`` asks the server to cast such a column to text instead.
enum PostgresType: Sendable, Equatable {
    case int2, int4, int8, oid
    case float4, float8, numeric
    case bool
    case date, timestamp, timestamptz
    /// Types whose binary form is their UTF-8 text: text, varchar, bpchar, name, "char", json, xml, unknown.
    case text
    /// A version byte followed by the JSON text.
    case jsonb
    case uuid

    init?(oid: UInt32) {
        switch oid {
        case 21: self = .int2
        case 23: self = .int4
        case 20: self = .int8
        case 26: self = .oid
        case 700: self = .float4
        case 701: self = .float8
        case 1700: self = .numeric
        case 16: self = .bool
        case 1082: self = .date
        case 1114: self = .timestamp
        case 1184: self = .timestamptz
        case 25, 1043, 1042, 19, 18, 114, 142, 705: self = .text
        case 3802: self = .jsonb
        case 2950: self = .uuid
        default: return nil
        }
    }

    /// What date values of this type mean, which decides how a frame shows them.
    var dates: DateMeaning {
        switch self {
        case .timestamp: .localTimestamps
        case .timestamptz: .instants
        default: .days
        }
    }

    /// The frame column type values of this Postgres type land in.
    var columnType: ColumnType {
        switch self {
        case .int2, .int4, .int8, .oid: .int64
        case .float4, .float8, .numeric: .double
        case .bool: .bool
        case .date, .timestamp, .timestamptz: .date
        case .text, .jsonb, .uuid: .string
        }
    }
}
