/// Why a model could not be turned into SQL text.
public enum SQLCompileError: Error, Equatable, CustomStringConvertible {
    /// SQL has no literal for NaN or infinity, and a model with one would score every row wrongly anyway.
    case nonFiniteCoefficient(name: String, value: Double)
    /// A name holds a NUL, control or format character, which an identifier may not carry.
    case unrepresentableText(field: String, scalar: Unicode.Scalar)

    public var description: String {
        switch self {
        case .nonFiniteCoefficient(let name, let value):
            "coefficient '\(name)' is \(value); a model with a non-finite coefficient cannot be compiled to SQL, refit it"
        case .unrepresentableText(let field, let scalar):
            "the name \(field.debugDescription) contains the control or format character \(scalar.codePointName), "
                + "which a SQL identifier may not carry; rename the column"
        }
    }
}
