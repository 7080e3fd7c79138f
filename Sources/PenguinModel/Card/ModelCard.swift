import Foundation
import DataGateway

/// The portable description of a fitted model: enough to predict, to audit and to compare versions,
/// with no secrets and no training rows.
///
/// The version ends in a hash of the content, so an edited card is detected (``verifyHash()``) and two
/// cards with the same version are the same model.
///
/// ## Topics
/// - ``LinearModel/card(name:gatewayVersion:createdAt:)``
/// - ``jsonData(prettyPrinted:)``
/// - ``init(jsonData:)``
/// - ``verifyHash()``
public struct ModelCard: Sendable, Hashable {
    /// The key of the intercept in ``coefficients`` and ``standardErrors``, as R names it.
    public static let interceptName = "(Intercept)"

    public let name: String
    /// The creation time, `yyyyMMddTHHmmss.ffffffZ-` (whole-second cards written before sub-second
    /// versions: `yyyyMMddTHHmmssZ-`), and the first 8 hex digits of SHA-256 over the rest of the card.
    public private(set) var version: String
    public let formula: Formula
    /// Each term and, for categorical ones, its levels (the first is the reference).
    public let terms: [TermEncoding]
    public let featureNames: [String]
    /// By name: ``interceptName`` and each feature name.
    public let coefficients: [String: Double]
    public let standardErrors: [String: Double]
    public let metrics: ModelMetrics
    public let trainingRows: Int
    public let droppedRows: Int
    /// ``DataGateway/Frame/fingerprint()`` of the complete-case training columns.
    public let dataFingerprint: String
    /// UTC, to the microsecond, so that two models trained in the same second are ordered by when they were
    /// made (``isNewer(than:)``), not by their hashes.
    public let createdAt: Date
    public let gatewayVersion: String
    /// The training data's distribution per term, for drift; nil for a model fitted from aggregates and for
    /// cards written before profiles existed (they still load, verify and serve, with no drift).
    public let profile: TrainingProfile?
    /// The Ed25519 signature over the version and the full content hash (``CardSignature``), when a signing
    /// key was configured where the card was stored. Like the version, it is not part of the hashed content.
    public internal(set) var signature: CardSignature?

    init(model: LinearModel, name: String, gatewayVersion: String, createdAt: Date) throws(ModelCardError) {
        self.name = name
        self.formula = model.encoding.formula
        self.terms = model.encoding.terms
        self.featureNames = model.encoding.featureNames
        self.coefficients = Dictionary(uniqueKeysWithValues: zip(model.fit.names, model.fit.coefficients))
        self.standardErrors = Dictionary(uniqueKeysWithValues: zip(model.fit.names, model.fit.standardErrors))
        self.metrics = ModelMetrics(model.summary)
        self.trainingRows = model.fit.observations
        self.droppedRows = model.summary.droppedRows
        self.dataFingerprint = model.dataFingerprint
        self.createdAt = CardTime(createdAt).date
        self.gatewayVersion = gatewayVersion
        self.profile = model.profile
        self.version = ""
        self.version = CardTime(self.createdAt).versionPrefix + "-" + (try contentHash()).prefix(8)
        // A card that no reader would accept must not be stored.
        try validate()
    }

    /// Whether this card was made after `other`: by creation time, then by version for a tie within a
    /// microsecond, so every board lists and picks "newest" in the same total order.
    public func isNewer(than other: ModelCard) -> Bool {
        (createdAt, version) > (other.createdAt, other.version)
    }

    /// Reads a card written by ``jsonData(prettyPrinted:)`` and checks every field (``validate()``): a card
    /// from a board is untrusted input. It does not verify the hash.
    public init(jsonData: Data) throws(ModelCardError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: jsonData)
        } catch {
            throw .json(String(describing: error))
        }
        try validate()
    }

    /// The card as JSON with sorted keys, so the same model always produces the same bytes.
    public func jsonData(prettyPrinted: Bool = true) throws(ModelCardError) -> Data {
        try Self.encode(self, formatting: prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys], omittingVersion: false)
    }

    /// Recomputes the content hash and checks it against the version.
    public func verifyHash() throws(ModelCardError) {
        let parts = version.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, [16, 23].contains(parts[0].count), parts[1].count == 8 else { throw .malformedVersion(version) }
        let computed = CardTime(createdAt).versionPrefix + "-" + (try contentHash()).prefix(8)
        guard computed == version else { throw .hashMismatch(version: version, computed: computed) }
    }

    /// SHA-256 hex of the canonical JSON (sorted keys, compact) of everything but the version and signature.
    func contentHash() throws(ModelCardError) -> String {
        sha256Hex(try Self.encode(self, formatting: [.sortedKeys], omittingVersion: true))
    }

    private static func encode(_ card: ModelCard, formatting: JSONEncoder.OutputFormatting, omittingVersion: Bool) throws(ModelCardError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.userInfo[omitVersionKey] = omittingVersion
        do {
            return try encoder.encode(card)
        } catch {
            throw .json(String(describing: error))
        }
    }

    fileprivate static let omitVersionKey = CodingUserInfoKey(rawValue: "PenguinModel.ModelCard.omitVersion")!
}

extension LinearModel {
    /// The card of this model; `gatewayVersion` is the running gateway's version, recorded for provenance.
    public func card(name: String = "penguins-body-mass", gatewayVersion: String, createdAt: Date = Date()) throws(ModelCardError) -> ModelCard {
        try ModelCard(model: self, name: name, gatewayVersion: gatewayVersion, createdAt: createdAt)
    }
}

extension ModelCard: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, version, formula, terms, coefficients, metrics
        case featureNames = "feature_names"
        case standardErrors = "standard_errors"
        case trainingRows = "training_rows"
        case droppedRows = "dropped_rows"
        case dataFingerprint = "data_fingerprint"
        case createdAt = "created_at"
        case gatewayVersion = "gateway_version"
        case signature, profile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        version = try container.decode(String.self, forKey: .version)
        formula = try container.decode(Formula.self, forKey: .formula)
        terms = try container.decode([TermEncoding].self, forKey: .terms)
        featureNames = try container.decode([String].self, forKey: .featureNames)
        coefficients = try container.decode([String: Double].self, forKey: .coefficients)
        standardErrors = try container.decode([String: Double].self, forKey: .standardErrors)
        metrics = try container.decode(ModelMetrics.self, forKey: .metrics)
        trainingRows = try container.decode(Int.self, forKey: .trainingRows)
        droppedRows = try container.decode(Int.self, forKey: .droppedRows)
        dataFingerprint = try container.decode(String.self, forKey: .dataFingerprint)
        let created = try container.decode(String.self, forKey: .createdAt)
        guard let time = CardTime(parsing: created) else {
            throw DecodingError.dataCorruptedError(
                forKey: .createdAt, in: container,
                debugDescription: "'\(created)' is not an ISO 8601 UTC time such as 2025-01-01T12:00:00.123456Z")
        }
        createdAt = time.date
        gatewayVersion = try container.decode(String.self, forKey: .gatewayVersion)
        signature = try container.decodeIfPresent(CardSignature.self, forKey: .signature)
        profile = try container.decodeIfPresent(TrainingProfile.self, forKey: .profile)
    }

    /// Writes every field; with the omit-version flag in `userInfo`, everything but the version and the
    /// signature, which is the content the version hashes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        if encoder.userInfo[Self.omitVersionKey] as? Bool != true {
            try container.encode(version, forKey: .version)
            try container.encodeIfPresent(signature, forKey: .signature)
        }
        try container.encode(formula, forKey: .formula)
        try container.encode(terms, forKey: .terms)
        try container.encode(featureNames, forKey: .featureNames)
        try container.encode(coefficients, forKey: .coefficients)
        try container.encode(standardErrors, forKey: .standardErrors)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(trainingRows, forKey: .trainingRows)
        try container.encode(droppedRows, forKey: .droppedRows)
        try container.encode(dataFingerprint, forKey: .dataFingerprint)
        try container.encode(CardTime(createdAt).text, forKey: .createdAt)
        try container.encode(gatewayVersion, forKey: .gatewayVersion)
        // Absent rather than null when there is none, so a card from before profiles keeps its hash.
        try container.encodeIfPresent(profile, forKey: .profile)
    }
}
