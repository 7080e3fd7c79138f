/// Why a model could not be turned into SQL text.
public enum SQLCompileError: Error, Equatable, CustomStringConvertible {
    /// SQL has no literal for NaN or infinity, and a model with one would score every row wrongly anyway.
    case nonFiniteCoefficient(name: String, value: Double)
    /// A level or name contains a NUL character, which neither engine accepts in a literal.
    case unrepresentableText(field: String, text: String)

    public var description: String {
        switch self {
        case .nonFiniteCoefficient(let name, let value):
            "coefficient '\(name)' is \(value); a model with a non-finite coefficient cannot be compiled to SQL, refit it"
        case .unrepresentableText(let field, let text):
            "'\(field)' contains a NUL character (\(text.debugDescription)), which SQL text cannot carry"
        }
    }
}
