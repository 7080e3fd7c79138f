/// Whether the server can do everything it offers: the model is always in memory, so this is about what
/// lies behind it, such as the database that scores and monitoring write to.
public enum ReadinessState: Sendable, Equatable {
    case ready
    /// `reason` is shown to callers of `/readyz`, so it must say what is wrong without revealing locations or credentials.
    case notReady(reason: String)
}

/// Answers `/readyz` and the database gauge in `/metrics`; `penguins serve` implements it with a database ping.
public protocol ReadinessProbe: Sendable {
    func check() async -> ReadinessState
}

/// Runs the probe at most once per `lifetime`, so that a load balancer polling `/readyz` and Prometheus
/// scraping `/metrics` cannot turn into a stream of database pings.
actor ReadinessCache {
    private let probe: any ReadinessProbe
    private let lifetime: Duration
    private var last: (state: ReadinessState, at: ContinuousClock.Instant)?
    private var running: Task<ReadinessState, Never>?

    init(probe: any ReadinessProbe, lifetime: Duration = .seconds(1)) {
        self.probe = probe
        self.lifetime = lifetime
    }

    func state() async -> ReadinessState {
        let now = ContinuousClock.now
        if let last, now - last.at < lifetime { return last.state }
        // Callers arriving while a probe runs share it instead of starting another.
        let task = running ?? Task { [probe] in await probe.check() }
        running = task
        let state = await task.value
        if running == task {
            running = nil
            last = (state, ContinuousClock.now)
        }
        return state
    }
}
