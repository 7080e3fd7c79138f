import Atomics
import DataGateway
import Foundation
import PenguinJSON
import PenguinModel

/// Everything the routes answer from that depends on the model: the predictor's reader and every document
/// and page, built once per version. A request reads one of these once and answers wholly from it, so a
/// swap in the middle of a request cannot mix two versions in one response.
final class ServedModel: AtomicReference, Sendable {
    let name: String
    let version: String
    /// Reads `/predict` bodies for this model; its tables are built once, here.
    let reader: FeatureRowReader
    /// Where each term sits in the reader's feature rows, for the prediction log.
    let inputs: ModelInputs
    /// The recent records' inputs against this version's training profile; nil for a card without one.
    let liveDrift: LiveDriftWindow?
    let metadata: Data
    let prototype: Data
    let openAPI: Data
    let appPage: ServedPage
    let docsPage: ServedPage

    /// Fails on a card the predictor cannot serve, so a bad card fails here, before it is served.
    init(card: ModelCard, trainingPoints: TrainingRows, configuration: ServerConfiguration) throws(ModelCardError) {
        let predictor = try Predictor(card: card)
        let authEnabled = !configuration.apiKeys.isEmpty
        let examples = ExampleRecords(encoding: predictor.encoding, training: trainingPoints)
        let openAPI = OpenAPIDocument(
            encoding: predictor.encoding, modelName: card.name, modelVersion: card.version, gatewayVersion: card.gatewayVersion,
            authEnabled: authEnabled, maxRecords: configuration.maxRecords, maxBodyBytes: configuration.maxBodyBytes,
            examples: examples)
        var prototype = RecordSchema.schema(for: predictor.shape, encoding: predictor.encoding)
        if case .object(var fields) = prototype {
            fields["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            fields["title"] = .string("A record for \(card.name) \(card.version)")
            prototype = .object(fields)
        }
        name = card.name
        version = card.version
        reader = FeatureRowReader(predictor: predictor)
        inputs = ModelInputs(shape: predictor.shape)
        liveDrift = LiveDriftWindow(profile: card.profile, inputs: inputs)
        metadata = try Self.metadataDocument(card: card, databaseKind: configuration.databaseKind).encoded()
        self.prototype = prototype.encoded()
        self.openAPI = openAPI.document.encoded()
        // With API keys on, the public page carries no training rows: they are data the keys guard.
        appPage = AppPage.page(
            card: card, encoding: predictor.encoding, training: authEnabled ? .withheldWhileKeyed : trainingPoints,
            defaults: examples.records[0], authRequired: authEnabled)
        docsPage = DocsPage.page(document: openAPI.document, example: .array([.object(examples.records[0])]), authEnabled: authEnabled)
    }

    /// The card as `/metadata` shows it: the card's own JSON plus the database kind, and nothing about where
    /// the database is.
    private static func metadataDocument(card: ModelCard, databaseKind: DatabaseKind) throws(ModelCardError) -> JSONValue {
        let data = try card.jsonData(prettyPrinted: false)
        guard case .object(var fields)? = try? JSONValue.parse(data) else {
            throw .json("the card's JSON is not an object")
        }
        fields["database"] = .string(databaseKind.rawValue)
        return .object(fields)
    }
}

/// The model being served now, swapped whole by ``ModelWatcher`` while requests run.
///
/// The request path reads it with one atomic load, without a lock or an actor hop, so following an alias
/// costs a request next to nothing; the atomic strong reference keeps a replaced model alive until the last
/// request reading it is done.
final class CurrentModel: Sendable {
    private let slot: ManagedAtomic<ServedModel>

    init(_ model: ServedModel) {
        slot = ManagedAtomic(model)
    }

    var model: ServedModel { slot.load(ordering: .acquiring) }

    /// Serves `model` from now on and returns the one it replaces.
    func replace(with model: ServedModel) -> ServedModel {
        slot.exchange(model, ordering: .acquiringAndReleasing)
    }
}
