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
        metrics: ServerMetrics(modelName: card.name, modelVersion: card.version, droppedLogLines: configuration.droppedLogLines))
}

/// The same, counting into `metrics` and answering from `current`, which ``runServer(card:trainingPoints:configuration:readiness:following:logger:)``
/// reads at shutdown and its ``ModelWatcher`` swaps.
func makeApplication(
    card: ModelCard, trainingPoints: TrainingRows, configuration: ServerConfiguration, readiness: some ReadinessProbe,
    logger: Logger, metrics: ServerMetrics
) throws(ModelCardError) -> some ApplicationProtocol {
    let current = CurrentModel(try ServedModel(card: card, trainingPoints: trainingPoints, configuration: configuration))
    return makeApplication(current: current, configuration: configuration, readiness: readiness, logger: logger, metrics: metrics)
}

/// The same, answering from whatever `current` holds when each request arrives, and queueing each answered
/// `/predict` request on `predictionLog` when there is one.
func makeApplication(
    current: CurrentModel, configuration: ServerConfiguration, readiness: some ReadinessProbe, logger: Logger, metrics: ServerMetrics,
    predictionLog: PredictionLogQueue? = nil
) -> some ApplicationProtocol {
    let verifier = APIKeyVerifier(keys: configuration.apiKeys)
    let routes = PenguinRoutes(
        current: current, maxBodyBytes: configuration.maxBodyBytes, bodyTimeout: configuration.idleTimeout,
        maxRecords: configuration.maxRecords,
        readiness: ReadinessCache(probe: readiness, lifetime: configuration.readinessCacheLifetime), metrics: metrics,
        predictionLog: predictionLog)

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

    let served = current.model
    let started: Logger.Metadata = [
        "model_name": .string(served.name), "model_version": .string(served.version),
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
