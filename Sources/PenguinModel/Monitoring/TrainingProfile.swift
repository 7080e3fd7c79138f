/// The training data's distribution, term by term, carried in the model card so that drift of live inputs
/// can be measured against the version that serves them with no database read (a replica has only the card).
///
/// Built at train time from the complete-case training rows by ``TrainingProfileBuilder``. Cards written
/// before profiles existed have none (``ModelCard/profile`` is nil) and simply get no drift.
///
/// ## Topics
/// - ``TrainingProfileBuilder``
/// - ``feature(named:)``
/// - ``DriftStatistics``
public struct TrainingProfile: Sendable, Hashable, Codable {
    /// One per model term, in the card's term order.
    public let features: [FeatureProfile]

    public init(features: [FeatureProfile]) { self.features = features }

    /// The profile of the term called `name`, or nil.
    public func feature(named name: String) -> FeatureProfile? {
        features.first { $0.name == name }
    }
}

/// One term's training distribution.
public enum FeatureProfile: Sendable, Hashable {
    case numeric(NumericProfile)
    case categorical(CategoricalProfile)

    /// The term's name, e.g. `bill_length_mm` or `species`.
    public var name: String {
        switch self {
        case .numeric(let profile): profile.name
        case .categorical(let profile): profile.name
        }
    }
}
