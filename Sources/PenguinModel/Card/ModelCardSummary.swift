import DataGateway

extension ModelCard {
    /// The coefficient table of this card, as the fit that wrote it reported it: the report describes the
    /// served model from its card instead of refitting a formula of its own.
    public var coefficientEstimates: [CoefficientEstimate] {
        ([ModelCard.interceptName] + featureNames).compactMap { name in
            guard let estimate = coefficients[name], let standardError = standardErrors[name] else { return nil }
            return CoefficientEstimate(
                name: name, estimate: estimate, standardError: standardError,
                residualDegreesOfFreedom: metrics.residualDegreesOfFreedom)
        }
    }

    /// Whether `frame` holds the data this card was trained on, judged the way training fingerprinted it:
    /// the complete cases of the card's own formula columns. Nil when the card carries no fingerprint
    /// (trained in the database) or the frame lacks one of its columns.
    public func wasTrained(on frame: Frame) -> Bool? {
        guard !dataFingerprint.isEmpty, let cases = try? CompleteCases(of: frame, for: formula) else { return nil }
        return cases.frame.fingerprint() == dataFingerprint
    }
}
