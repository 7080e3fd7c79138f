import DataGateway

/// A fitted ordinary least-squares model: the encoding, the solution and its summary, and where the data
/// came from. It is what `penguins fit` produces and what a ``ModelCard`` is written from.
///
/// ## Topics
/// - ``fit(_:to:)``: with levels learned from the data, or with a given ``DesignEncoding``
/// - ``card(name:gatewayVersion:createdAt:)``
/// - ``predictor``
public struct LinearModel: Sendable, Equatable {
    /// How frames and records become features; it goes into the card.
    public let encoding: DesignEncoding
    public let fit: LeastSquaresFit
    public let summary: ModelSummary
    /// SHA-256 of the complete-case training frame; empty when the model was fitted from aggregates.
    public let dataFingerprint: String
    /// The training rows' distribution per term (``TrainingProfileBuilder``), for drift; nil when the model
    /// was fitted from aggregates.
    public let profile: TrainingProfile?

    /// Assembles a model from its parts, e.g. after solving ``NormalEquations`` returned by the database.
    public init(encoding: DesignEncoding, fit: LeastSquaresFit, meanAbsoluteError: Double, droppedRows: Int, dataFingerprint: String,
                profile: TrainingProfile? = nil) {
        self.encoding = encoding
        self.fit = fit
        self.summary = ModelSummary(fit: fit, formula: encoding.formula, meanAbsoluteError: meanAbsoluteError, droppedRows: droppedRows)
        self.dataFingerprint = dataFingerprint
        self.profile = profile
    }

    /// Fits `formula` to the complete cases of `frame`, learning categorical levels from them.
    public static func fit(_ formula: Formula, to frame: Frame) throws(ModelError) -> LinearModel {
        let cases = try CompleteCases(of: frame, for: formula)
        return try fit(cases, encoding: DesignEncoding(formula: formula, learningFrom: cases.frame))
    }

    /// Fits with a given encoding, e.g. levels fixed in advance so that models of filtered data stay comparable.
    /// A level the encoding lacks is an error; a level the data lacks is reported as an all-zero feature.
    public static func fit(_ encoding: DesignEncoding, to frame: Frame) throws(ModelError) -> LinearModel {
        try fit(CompleteCases(of: frame, for: encoding.formula), encoding: encoding)
    }

    private static func fit(_ cases: CompleteCases, encoding: DesignEncoding) throws(ModelError) -> LinearModel {
        // The fingerprint reads every training value and needs nothing from the solution, so it is hashed on a
        // second core while this one builds and solves the design matrix.
        let frame = cases.frame
        let fingerprint = BackgroundWork { frame.fingerprint() }
        let (design, response) = try encoding.designMatrix(for: cases.frame)
        let fit = try LeastSquares.fit(design, response: response, responseName: encoding.response)
        let fitted = design.predictions(coefficients: fit.coefficients)
        let absoluteErrors = zip(response, fitted).reduce(0) { $0 + abs($1.0 - $1.1) }
        var profile = TrainingProfileBuilder(terms: encoding.terms)
        try profile.add(cases.frame)
        return LinearModel(
            encoding: encoding, fit: fit, meanAbsoluteError: absoluteErrors / Double(response.count),
            droppedRows: cases.droppedRows, dataFingerprint: fingerprint.value(), profile: profile.profile())
    }

    /// Predicts from this model without going through a card.
    public var predictor: Predictor {
        Predictor(encoding: encoding, intercept: fit.coefficients[0], weights: Array(fit.coefficients.dropFirst()))
    }
}
