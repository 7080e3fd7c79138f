import Prometheus
import Synchronization

/// The metrics `/metrics` exposes, in a registry owned by one application, so that two servers in one
/// process (as in the tests) never mix their numbers and nothing depends on a global bootstrap.
struct ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let predictions: Counter
    /// 1 while the readiness probe passes, 0 when it fails: the probe is a database ping.
    let databaseUp: Gauge
    /// Connections open now, and how many were closed on arrival because ``ServerConfiguration/maxConnections`` were open.
    let openConnections: Gauge
    let connectionLimitReached: Counter
    /// New alias or latest holders that could not be loaded, and so were not swapped in.
    let reloadFailures: Counter
    /// The prediction log's queue: records dropped, written, and waiting.
    let predictionLog: PredictionLogMetrics
    private let modelInfo: ModelInfo
    private let featureDrift: FeatureDriftGauges
    /// Requests being answered now, which a graceful shutdown waits for and logs.
    let inFlight = RequestsInFlight()
    private let requestSeries = RequestSeries()
    private let droppedLogLines: DroppedLogLines

    private static let requestDurationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]

    init(modelName: String, modelVersion: String, droppedLogLines: @escaping @Sendable () -> Int) {
        predictions = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "predictions", unitName: "total", helpText: "Records scored by /predict."))
        databaseUp = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "database", unitName: "up",
                helpText: "1 when the last readiness probe reached the database, else 0."))
        openConnections = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "http_connections", unitName: "open", helpText: "HTTP connections open now."))
        connectionLimitReached = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "http_connection_limit_reached", unitName: "total",
                helpText: "Connections closed on arrival because PENGUINS_HTTP_MAX_CONNECTIONS were open."))
        self.droppedLogLines = DroppedLogLines(
            read: droppedLogLines,
            counter: registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "penguins", metricName: "log_lines_dropped", unitName: "total",
                    helpText: "Log lines dropped because stdout was not keeping up; requests are never held up by logging.")))
        reloadFailures = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "model_reload_failures", unitName: "total",
                helpText: "New model versions to follow that could not be loaded; the previous version kept serving."))
        predictionLog = PredictionLogMetrics(registry: registry)
        modelInfo = ModelInfo(registry: registry)
        featureDrift = FeatureDriftGauges(registry: registry)
        recordServed(name: modelName, version: modelVersion)
    }

    /// Points `penguins_model_info` at the model now served, dropping the series of the one it replaced.
    func recordServed(name: String, version: String) {
        modelInfo.set(name: name, version: version)
    }

    /// Sets `penguins_feature_drift_psi` to the served version's live PSI per feature, and removes the series
    /// of any feature not given: a version without a profile, or a window still below its minimum, exports none.
    func recordDrift(_ psi: [(feature: String, psi: Double)]) {
        featureDrift.set(psi)
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let series = requestSeries.series(for: RequestSeries.Key(route: route, method: method, status: status)) { key in
            let labels = [("route", key.route), ("method", key.method), ("status", String(key.status))]
            let counter = registry.makeCounter(
                descriptor: MetricNameDescriptor(metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered."),
                labels: labels)
            let histogram = registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    metricName: "http_request_duration", unitName: "seconds", helpText: "Time to produce the response."),
                labels: labels, buckets: Self.requestDurationBuckets)
            return (counter, histogram)
        }
        series.requests.increment()
        series.duration.record(duration)
    }

    func record(_ readiness: ReadinessState) {
        databaseUp.set(to: readiness == .ready ? 1.0 : 0.0)
    }

    /// Brings the dropped-log-lines counter up to the log output's own count, before a scrape.
    func refreshDroppedLogLines() {
        droppedLogLines.refresh()
    }
}

/// The log output counts its dropped lines itself (it knows nothing of Prometheus); a scrape adds what was
/// dropped since the last one to the counter.
private final class DroppedLogLines: Sendable {
    private let read: @Sendable () -> Int
    private let counter: Counter
    private let counted = Mutex(0)

    init(read: @escaping @Sendable () -> Int, counter: Counter) {
        self.read = read
        self.counter = counter
    }

    func refresh() {
        counted.withLock { counted in
            let total = read()
            if total > counted { counter.increment(by: Int64(total - counted)) }
            counted = max(counted, total)
        }
    }
}

/// The request counter and histogram of each route, method and status, looked up in the registry once: the
/// registry builds the metric's name and label set on every lookup, which was a tenth of a one-record
/// `/predict`'s server time.
private final class RequestSeries: Sendable {
    struct Key: Hashable, Sendable {
        let route: String
        let method: String
        let status: Int
    }

    typealias Series = (requests: Counter, duration: DurationHistogram)

    private let known = Mutex<[Key: Series]>([:])

    func series(for key: Key, making make: (Key) -> Series) -> Series {
        known.withLock { known in
            if let series = known[key] { return series }
            let series = make(key)
            known[key] = series
            return series
        }
    }
}

/// `penguins_model_info`: one series, labelled with the served name and version, always 1.
private final class ModelInfo: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let gauge = Mutex<Gauge?>(nil)

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func set(name: String, version: String) {
        gauge.withLock { gauge in
            if let gauge { registry.unregisterGauge(gauge) }
            let info = registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "penguins", metricName: "model", unitName: "info", helpText: "The model being served; the value is always 1."),
                labels: [("name", name), ("version", version)])
            info.set(to: 1.0)
            gauge = info
        }
    }
}

/// `penguins_feature_drift_psi{feature=…}`: one series per feature of the served version's profile.
private final class FeatureDriftGauges: Sendable {
    private let registry: PrometheusCollectorRegistry
    private let gauges = Mutex<[String: Gauge]>([:])

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    func set(_ psi: [(feature: String, psi: Double)]) {
        gauges.withLock { gauges in
            let current = Set(psi.map(\.feature))
            for (feature, gauge) in gauges where !current.contains(feature) {
                registry.unregisterGauge(gauge)
                gauges[feature] = nil
            }
            for (feature, value) in psi {
                let gauge = gauges[feature] ?? registry.makeGauge(
                    descriptor: MetricNameDescriptor(
                        namespace: "penguins", metricName: "feature_drift", unitName: "psi",
                        helpText: "PSI of the last 10,000 records' inputs against the served version's training bins (>= 0.2: major drift)."),
                    labels: [("feature", feature)])
                gauges[feature] = gauge
                gauge.set(to: value)
            }
        }
    }
}

/// A count of the requests being answered, read at shutdown: two atomic operations per request.
final class RequestsInFlight: Sendable {
    private let count = Atomic<Int>(0)

    var current: Int { count.load(ordering: .relaxed) }

    func started() { count.add(1, ordering: .relaxed) }
    func finished() { count.subtract(1, ordering: .relaxed) }
}
