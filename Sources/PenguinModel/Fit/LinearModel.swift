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
        try fit(frame, with: StreamingFit(formula))
    }

    /// Fits with a given encoding, e.g. levels fixed in advance so that models of filtered data stay comparable.
    /// A level the encoding lacks is an error; a level the data lacks is reported as an all-zero feature.
    public static func fit(_ encoding: DesignEncoding, to frame: Frame) throws(ModelError) -> LinearModel {
        try fit(frame, with: StreamingFit(encoding: encoding))
    }

    /// The frame as the one batch of a ``StreamingFit``: the rows are in memory already, so they serve the
    /// second pass and the fingerprint as they are.
    private static func fit(_ frame: Frame, with streaming: StreamingFit) throws(ModelError) -> LinearModel {
        var streaming = streaming
        let cases = try streaming.add(frame)
        // The fingerprint reads every training value and needs nothing from the solution, so it is hashed on a
        // second core while this one solves and sums the residuals.
        let fingerprint = BackgroundWork { cases.fingerprint() }
        var solution = try streaming.solution()
        try solution.replay(cases)
        return try solution.model(dataFingerprint: fingerprint.value())
    }

    /// Predicts from this model without going through a card.
    public var predictor: Predictor {
        Predictor(encoding: encoding, intercept: fit.coefficients[0], weights: Array(fit.coefficients.dropFirst()))
    }
}
