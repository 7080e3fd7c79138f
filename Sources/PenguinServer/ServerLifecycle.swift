import DataGateway
import Hummingbird
import Logging
import PenguinModel
import ServiceLifecycle
import Synchronization

/// Runs the server until SIGTERM or SIGINT, then stops accepting connections, lets the requests in flight
/// finish, and logs how many there were and how long the drain took: an operator can tell a clean rollout
/// from one that cut requests off.
///
/// With `following`, a ``ModelWatcher`` swaps in each new version the followed alias or `latest` points
/// at while the server runs; without it, `card` is served until the process ends. With
/// ``ServerConfiguration/predictionLog``, a ``PredictionLogWriter`` writes every answered record. The other parameters
/// are ``makeApplication(card:trainingPoints:configuration:readiness:logger:)``'s.
public func runServer(
    card: ModelCard, trainingPoints: TrainingRows, configuration: ServerConfiguration, readiness: some ReadinessProbe,
    following: ModelFollowing? = nil, logger: Logger
) async throws {
    let metrics = ServerMetrics(modelName: card.name, modelVersion: card.version, droppedLogLines: configuration.droppedLogLines)
    let current = CurrentModel(try ServedModel(card: card, trainingPoints: trainingPoints, configuration: configuration))
    let log = configuration.predictionLog.map { PredictionLogQueue(capacity: $0.queueCapacity, metrics: metrics.predictionLog) }
    let application = makeApplication(
        current: current, configuration: configuration, readiness: readiness, logger: logger, metrics: metrics, predictionLog: log)
    var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
    // First, so that a graceful stop reaches it last: after the server has answered its last request.
    if let log, let logConfiguration = configuration.predictionLog {
        services.append(.init(service: PredictionLogWriter(queue: log, configuration: logConfiguration, logger: logger)))
    }
    services.append(.init(service: DrainingService(application: application, inFlight: metrics.inFlight, logger: logger)))
    if let following {
        let watcher = ModelWatcher(following: following, current: current, configuration: configuration, metrics: metrics, logger: logger)
        services.append(.init(service: watcher, successTerminationBehavior: .ignore))
    }
    #if canImport(Glibc)
    services.append(.init(service: FreedMemoryReturn(interval: .seconds(5))))
    #endif
    let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    try await group.run()
}

/// The application as a service that notes when its graceful shutdown starts and logs when it is over.
private struct DrainingService<Application: ApplicationProtocol>: Service {
    let application: Application
    let inFlight: RequestsInFlight
    let logger: Logger

    func run() async throws {
        let shutdown = ShutdownMark()
        try await withGracefulShutdownHandler {
            try await application.run()
        } onGracefulShutdown: { [inFlight, logger] in
            let pending = inFlight.current
            shutdown.mark.withLock { $0 = (.now, pending) }
            logger.info("shutting down: no new connections; draining the requests in flight", metadata: ["in_flight": .stringConvertible(pending)])
        }
        guard let mark = shutdown.mark.withLock({ $0 }) else { return }
        logger.info(
            "shutdown complete",
            metadata: [
                "drained": .stringConvertible(mark.inFlight - inFlight.current), "unfinished": .stringConvertible(inFlight.current),
                "duration_ms": .stringConvertible((ContinuousClock.now - mark.started).milliseconds),
            ])
    }
}

/// When the graceful shutdown started, and how many requests were in flight then.
private final class ShutdownMark: Sendable {
    let mark = Mutex<(started: ContinuousClock.Instant, inFlight: Int)?>(nil)
}
