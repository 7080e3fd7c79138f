/// A value that must never be printed: a password, a connection string with a password, an API key.
///
/// Every way Swift renders a value (`description`, `debugDescription`, string interpolation, `dump`,
/// `Mirror` and `Encodable`) yields `<redacted>`. The only way to the value is ``reveal()``, a name
/// chosen so that every place a secret leaves its box is easy to find with grep.
public struct Secret<Value: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, Encodable
{
    private let value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// The secret value; call only at the point it is handed to a driver or compared.
    public func reveal() -> Value { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(reflecting: "<redacted>") }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("<redacted>")
    }
}

extension Secret: Equatable where Value: Equatable {}
