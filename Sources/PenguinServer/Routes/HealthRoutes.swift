import Hummingbird
import PenguinJSON

extension PenguinRoutes {
    /// `GET /readyz`: 503 with the probe's reason while the database is unreachable; `/predict` keeps
    /// answering meanwhile, which is why this is readiness and not liveness.
    func readyz() async -> Response {
        let state = await readiness.state()
        metrics.record(state)
        switch state {
        case .ready:
            return .json(JSONValue.object(["ready": true]).encoded())
        case .notReady(let reason):
            return .json(JSONValue.object(["ready": false, "reason": .string(reason)]).encoded(), status: .serviceUnavailable)
        }
    }

    /// `GET /metrics`: refreshes the database gauge from the (cached) probe first, so a scrape never shows
    /// a reachability older than the cache's lifetime.
    func prometheusText() async -> Response {
        metrics.record(await readiness.state())
        metrics.refreshDroppedLogLines()
        metrics.recordDrift(current.model.liveDrift?.populationStability().psi ?? [])
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: metrics.registry.emitToString())))
    }
}
