import DataGateway

/// Why a record (or a frame row) could not be encoded for prediction.
///
/// It always names a ``field`` because the API answers `{"error": ..., "field": ...}`, and an unknown
/// level lists the allowed ones so the caller can correct the request without reading the model card.
public struct RecordError: Error, Equatable, CustomStringConvertible {
    /// What is wrong with the field, kept structured so the server can map it to a status and a message.
    public enum Reason: Sendable, Equatable {
        /// The field is absent; `expected` says what to send. A null is a `wrongType` whose `found` is "null".
        case missing(expected: String)
        case wrongType(expected: String, found: String)
        case unknownLevel(value: String, allowed: [String])
        case notFinite
        /// The record gives a term both as `species` and as `species_*` dummies.
        case bothShapes(dummies: [String])
        /// More than one dummy of the same term is true.
        case severalLevels(fields: [String])
        /// A `term_level` field whose level the model does not know.
        case unknownDummy(allowed: [String])
        /// A field the model has no use for, where the caller must not send one (``Predictor/predictChecked(_:)``).
        case unknownField(allowed: [String])
        /// A measurement outside its ``MeasurementRange``; the text says which range.
        case implausible(String)
    }

    /// The offending field (or frame column).
    public let field: String
    public let reason: Reason
    /// The position of the record in the batch, or the frame row; nil for a single record.
    public var record: Int?

    /// Public so that the server can raise the same error for request-level problems (e.g. a body that is not an object).
    public init(field: String, reason: Reason, record: Int? = nil) {
        self.field = field
        self.reason = reason
        self.record = record
    }

    /// The message, with the field and any value cut to ``Swift/String/echoLimit``: both may be a client's text.
    public var description: String {
        let location = record.map { "record \($0): " } ?? ""
        let field = field.clippedForEcho
        let detail =
            switch reason {
            case .missing(let expected): "'\(field)' is missing; send \(expected)"
            case .wrongType(let expected, let found): "'\(field)' must be \(expected), not \(found)"
            case .unknownLevel(let value, let allowed):
                "'\(field)' has unknown level '\(value.clippedForEcho)'; allowed levels: \(allowed.joined(separator: ", "))"
            case .notFinite: "'\(field)' must be a finite number"
            case .bothShapes(let dummies):
                "give '\(field)' either as a level or as the dummies \(dummies.joined(separator: ", ")), not both"
            case .severalLevels(let fields):
                "at most one of \(fields.joined(separator: ", ")) may be true for '\(field)'"
            case .unknownDummy(let allowed):
                "'\(field)' is not a known dummy column; known: \(allowed.joined(separator: ", "))"
            case .unknownField(let allowed): "unknown field '\(field)'; a record may have \(allowed.joined(separator: ", "))"
            case .implausible(let problem): problem
            }
        return location + detail
    }
}
