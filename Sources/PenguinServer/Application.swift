import DataGateway
import Foundation
import Hummingbird
import Logging
import PenguinJSON
import PenguinModel

/// Builds the server for one model: `penguins serve` runs it through ``runServer(card:trainingPoints:configuration:readiness:logger:)``,
/// tests drive it in process with HummingbirdTesting.
///
/// Everything a request could need is prepared here, so a bad card fails at start-up, not on the first
/// request, and `/predict` never touches the database: it keeps answering when the database goes away.
///
/// - Parameters:
///   - trainingPoints: the rows the app's chart draws, and its inputs' ranges and the examples come from;
///     ``TrainingRows/init(frame:formula:)`` reads them from the penguins table.
///   - readiness: what `/readyz` and the database gauge report; it is called at most once a second.
///   - logger: every log line of the server derives from it, so it decides format and level.
public func makeApplication(
    card: ModelCard, trainingPoints: TrainingRows, configuration: ServerConfiguration, readiness: some ReadinessProbe,
    logger: Logger
) throws(ModelCardError) -> some ApplicationProtocol {
    try makeApplication(
        card: card, trainingPoints: trainingPoints, configuration: configuration, readiness: readiness, logger: logger,
        metrics: ServerMetrics(modelName: card.name, modelVersion: card.version))
}

/// The same, counting into `metrics`, which ``runServer(card:trainingPoints:configuration:readiness:logger:)`` reads at shutdown.
func makeApplication(
    card: ModelCard, trainingPoints: TrainingRows, configuration: ServerConfiguration, readiness: some ReadinessProbe,
    logger: Logger, metrics: ServerMetrics
) throws(ModelCardError) -> some ApplicationProtocol {
    let predictor = try Predictor(card: card)
    let verifier = APIKeyVerifier(keys: configuration.apiKeys)
    let examples = ExampleRecords(encoding: predictor.encoding, training: trainingPoints)
    let openAPI = OpenAPIDocument(
        encoding: predictor.encoding, modelName: card.name, modelVersion: card.version, gatewayVersion: card.gatewayVersion,
        authEnabled: verifier.isEnabled, maxRecords: configuration.maxRecords, maxBodyBytes: configuration.maxBodyBytes,
        examples: examples)
    var prototype = RecordSchema.schema(for: predictor.encoding)
    if case .object(var fields) = prototype {
        fields["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        fields["title"] = .string("A record for \(card.name) \(card.version)")
        prototype = .object(fields)
    }
    let routes = PenguinRoutes(
        reader: FeatureRowReader(predictor: predictor), maxBodyBytes: configuration.maxBodyBytes, bodyTimeout: configuration.idleTimeout,
        maxRecords: configuration.maxRecords,
        metadata: try metadataDocument(card: card, databaseKind: configuration.databaseKind).encoded(),
        prototype: prototype.encoded(), openAPI: openAPI.document.encoded(),
        // With API keys on, the public page carries no training rows: they are data the keys guard.
        appPage: AppPage.page(
            card: card, encoding: predictor.encoding, training: verifier.isEnabled ? .withheldWhileKeyed : trainingPoints,
            defaults: examples.records[0], authRequired: verifier.isEnabled),
        docsPage: DocsPage.page(
            document: openAPI.document, example: .array([.object(examples.records[0])]), authEnabled: verifier.isEnabled),
        readiness: ReadinessCache(probe: readiness, lifetime: configuration.readinessCacheLifetime), metrics: metrics)

    let router = Router(context: PenguinRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: HeadMiddleware())
    router.add(middleware: ErrorMiddleware(methods: Endpoint.methodsByPath))
    router.add(middleware: HostCheckMiddleware(allowed: configuration.allowedHosts))
    let keyed = router.group().add(middleware: APIKeyMiddleware(verifier: verifier))
    for endpoint in Endpoint.allCases {
        let handler: @Sendable (Request, PenguinRequestContext) async throws -> Response = { request, context in
            try await routes.respond(endpoint, to: request, context: context)
        }
        for method in endpoint.methods {
            if endpoint.requiresKey {
                keyed.on(RouterPath(endpoint.path), method: method, use: handler)
            } else {
                router.on(RouterPath(endpoint.path), method: method, use: handler)
            }
        }
    }

    let started: Logger.Metadata = [
        "model_name": .string(card.name), "model_version": .string(card.version),
        "database": .string(configuration.databaseKind.rawValue), "api_keys": .string(String(configuration.apiKeys.count)),
    ]
    let limit = ConnectionLimit(maximum: configuration.maxConnections, metrics: metrics, logger: logger)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [limit.handler()], idleTimeout: .nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1))))),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
        onServerRunning: { channel in
            var metadata = started
            if let address = channel.localAddress { metadata["address"] = .string(address.description) }
            logger.info("app started", metadata: metadata)
        },
        logger: logger)
}

/// The card as `/metadata` shows it: the card's own JSON plus the database kind, and nothing about where
/// the database is.
private func metadataDocument(card: ModelCard, databaseKind: DatabaseKind) throws(ModelCardError) -> JSONValue {
    let data = try card.jsonData(prettyPrinted: false)
    guard case .object(var fields)? = try? JSONValue.parse(data) else {
        throw .json("the card's JSON is not an object")
    }
    fields["database"] = .string(databaseKind.rawValue)
    return .object(fields)
}
