import DataGateway

/// Why a model could not be fitted; each case names the column or feature to fix, so a data scientist
/// can act on the message without reading the solver.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// The formula names a column the frame lacks, or the frame is malformed.
    case frame(FrameError)
    /// A column's type cannot be a model term (only double, int64 and string can).
    case unsupportedColumnType(column: String, type: ColumnType, role: String)
    /// No row has a value in every used column.
    case noCompleteRows(totalRows: Int, columns: [String])
    /// Too few complete rows to estimate the coefficients and the residual variance.
    case tooFewRows(rows: Int, parameters: Int)
    /// A categorical term has one level in the training rows, so it has no dummy column to estimate.
    case singleLevel(term: String, level: String?)
    /// A used column is null in a row given to ``DesignEncoding/designMatrix(for:)``.
    case missingValue(column: String, row: Int)
    /// A value is NaN or infinite.
    case notFinite(column: String, row: Int)
    /// A feature column is zero in every training row (a level the training rows never take).
    case allZero(feature: String)
    /// A feature column has the same value in every training row, so it duplicates the intercept.
    case constant(feature: String, value: Double?)
    /// A feature column is (numerically) a linear combination of earlier columns.
    case collinear(feature: String, combinationOf: [String])
    /// The response has the same value in every training row, so R² is undefined.
    case constantResponse(column: String, value: Double)
    /// A level holds a control or format character (Unicode category Cc or Cf): it would travel in the model
    /// card to logs, pages and SQL looking like something it is not, so no model is built on it.
    case unusableLevel(term: String, level: String, scalar: Unicode.Scalar)
    /// A training row has a level the encoding was not given.
    case unknownLevel(term: String, value: String, allowed: [String])
    /// Two terms produce the same feature name, e.g. a numeric `species_Gentoo` next to `species`.
    case duplicateFeature(String)
    /// The solution overflowed to infinity or NaN, which only absurdly scaled data can cause.
    case nonFiniteSolution(feature: String)
    /// The aggregate result lacks a column the query was built to return.
    case missingAggregate(String)

    public var description: String {
        switch self {
        case .frame(let error):
            error.description
        case .unsupportedColumnType(let column, let type, let role):
            "column '\(column)' is \(type.rawValue) and cannot be the \(role); "
                + "use a double or int64 column for numbers and a text column for categories"
        case .noCompleteRows(let totalRows, let columns):
            "none of the \(totalRows) rows has a value in every one of \(columns.joined(separator: ", ")); nothing to fit"
        case .tooFewRows(let rows, let parameters):
            "\(rows) complete rows cannot fit \(parameters) parameters; at least \(parameters + 1) are needed "
                + "to estimate the residual standard error"
        case .singleLevel(let term, let level):
            "categorical term '\(term)' has a single level (\(level ?? "none")) in the training rows, "
                + "so every dummy column of it would be all zero; remove '\(term)' from the formula or widen the filter"
        case .missingValue(let column, let row):
            "column '\(column)' is null at row \(row); take the complete cases (Frame.completeCases(for:)) first"
        case .notFinite(let column, let row):
            "column '\(column)' holds a NaN or infinite value at row \(row) of the complete cases; clean or filter it before fitting"
        case .allZero(let feature):
            "feature '\(feature)' is zero in every training row: no training row has that level; "
                + "widen the filter or drop the level"
        case .constant(let feature, let value):
            "feature '\(feature)' is constant\(value.map { " (\($0))" } ?? "") in every training row, "
                + "so it cannot be told apart from the intercept; remove it from the formula"
        case .collinear(let feature, let others):
            "feature '\(feature)' is a linear combination of \(others.joined(separator: ", ")) "
                + "in the training rows (rank-deficient design); remove one of them from the formula"
        case .constantResponse(let column, let value):
            "response '\(column)' is \(value) in every training row; there is no variation to model"
        case .unusableLevel(let term, let level, let scalar):
            "term '\(term)' has the level \(String(level.prefix(100)).debugDescription), which contains the control or format "
                + "character \(scalar.codePointName); clean the column (e.g. select a cleaned copy with --query) before fitting"
        case .unknownLevel(let term, let value, let allowed):
            "term '\(term)' has level '\(value)' that the encoding does not know; allowed: \(allowed.joined(separator: ", "))"
        case .duplicateFeature(let name):
            "two terms both produce the feature '\(name)'; rename or drop one of the columns"
        case .nonFiniteSolution(let feature):
            "the coefficient or standard error of '\(feature)' overflowed; rescale that feature (e.g. change its units)"
        case .missingAggregate(let name):
            "the aggregate result has no numeric value for '\(name)'; run the query built with the same encoding"
        }
    }
}

extension ModelError {
    /// Restates a problem found in a training row in the terms of fitting. Only row-level reasons can occur
    /// there: column existence and types are checked before the rows are read.
    init(_ error: RecordError, row: Int) {
        switch error.reason {
        case .unknownLevel(let value, let allowed): self = .unknownLevel(term: error.field, value: value, allowed: allowed)
        case .missing: self = .missingValue(column: error.field, row: row)
        case .notFinite: self = .notFinite(column: error.field, row: row)
        case .wrongType, .bothShapes, .severalLevels, .unknownDummy, .unknownField, .implausible: preconditionFailure("not a row-level problem: \(error)")
        }
    }
}
