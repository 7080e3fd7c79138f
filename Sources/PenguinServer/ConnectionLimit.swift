import Logging
import NIOCore
import Synchronization

/// Caps the connections the server holds open: one past the cap is closed as soon as it is accepted, logged,
/// and counted in `penguins_http_connection_limit_reached_total`, so a flood of connections costs the server a
/// bounded amount of memory. Idle and slow connections are closed by the idle timeout, so a client cannot keep
/// the cap reached for long by holding connections open.
///
/// (Hummingbird's `AvailableConnectionsDelegate` only stops asking the listening socket for reads, which NIO's
/// accept loop does not wait for: a test saw a third connection served under a cap of two.)
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let metrics: ServerMetrics
    private let logger: Logger
    private let open = Atomic<Int>(0)

    init(maximum: Int, metrics: ServerMetrics, logger: Logger) {
        self.maximum = maximum
        self.metrics = metrics
        self.logger = logger
    }

    /// The handler each new connection's pipeline gets.
    func handler() -> any RemovableChannelHandler { Handler(limit: self) }

    /// Counts a new connection in, or refuses it (false) at the cap.
    fileprivate func admit() -> Bool {
        let count = open.add(1, ordering: .relaxed).newValue
        guard count > maximum else {
            metrics.openConnections.set(to: Double(count))
            return true
        }
        open.subtract(1, ordering: .relaxed)
        metrics.connectionLimitReached.increment()
        logger.warning("connection limit reached; closing a new connection", metadata: ["limit": .stringConvertible(maximum)])
        return false
    }

    fileprivate func release() {
        metrics.openConnections.set(to: Double(open.subtract(1, ordering: .relaxed).newValue))
    }

    /// Admits its connection when added to the pipeline and releases it when the pipeline is torn down.
    private final class Handler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let limit: ConnectionLimit
        private var admitted = false

        init(limit: ConnectionLimit) { self.limit = limit }

        func handlerAdded(context: ChannelHandlerContext) {
            admitted = limit.admit()
            if !admitted { context.close(promise: nil) }
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            if admitted { limit.release() }
            admitted = false
        }
    }
}
