import PenguinLogging
import Prometheus
import Synchronization

/// One answered request waiting to be written to the prediction log.
struct LoggedRequest: Sendable {
    /// The `X-Request-ID` the response carried.
    let requestID: String
    let answeredAt: LogTimestamp
    /// From the request's arrival to its answer.
    let latencySeconds: Double
    let batch: AnsweredBatch
}

/// The bounded queue between `/predict` and the ``PredictionLogWriter``.
///
/// `/predict` only appends under a short lock and never waits: when the records held (queued, plus taken by
/// the writer and not yet committed) would pass ``capacity``, the new request's records are dropped and
/// counted instead. So a slow or absent database costs log rows, never answers.
final class PredictionLogQueue: Sendable {
    /// Records held at most, whether queued or being written.
    let capacity: Int
    private let metrics: PredictionLogMetrics
    private let state = Mutex(State())

    private struct State {
        var requests: [LoggedRequest] = []
        var held = 0
    }

    init(capacity: Int, metrics: PredictionLogMetrics) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// Queues `request`'s records, or drops and counts them all when they do not fit.
    func append(_ request: LoggedRequest) {
        let count = request.batch.count
        let accepted = state.withLock { state in
            guard state.held + count <= capacity else { return false }
            state.requests.append(request)
            state.held += count
            return true
        }
        if !accepted { metrics.dropped.increment(by: Int64(count)) }
    }

    /// Everything queued, oldest first; the records stay counted as held until ``written(_:)``.
    func takeAll() -> [LoggedRequest] {
        state.withLock { state in
            defer { state.requests = [] }
            return state.requests
        }
    }

    /// `count` taken records are committed: they no longer count against the capacity.
    func written(_ count: Int) {
        state.withLock { $0.held -= count }
        metrics.written.increment(by: Int64(count))
    }

    /// Records queued or being written, for the depth gauge and the shutdown report.
    var held: Int { state.withLock { $0.held } }

    /// Sets the depth gauge; the writer calls it on each pass, so `/predict` never touches the gauge.
    func publishDepth() {
        metrics.depth.set(to: Double(held))
    }
}

/// The prediction log's series on `/metrics`, present (at zero) when the log is off too.
struct PredictionLogMetrics: Sendable {
    let dropped: Counter
    let written: Counter
    let depth: Gauge

    init(registry: PrometheusCollectorRegistry) {
        dropped = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "prediction_log_dropped", unitName: "total",
                helpText: "Answered records not logged because the prediction log's queue was full."))
        written = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "prediction_log_written", unitName: "total",
                helpText: "Answered records written to the prediction log."))
        depth = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "penguins", metricName: "prediction_log_queue", unitName: "depth",
                helpText: "Answered records waiting to be written to the prediction log."))
    }
}
