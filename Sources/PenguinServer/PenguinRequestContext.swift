import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The request context of every route: Hummingbird's core storage plus what the request log needs from
/// inside a route.
struct PenguinRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Shared by reference, because a route's changes to a value-type context never reach the middleware
    /// that logs the request.
    let facts = RequestFacts()
    /// The request's connection: a route closes that of a client too slow to be worth an answer.
    private let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Closes the request's connection; the response, if any, is not sent.
    func closeConnection() {
        channel.close(promise: nil)
    }
}

/// What a route learns that the request log reports: how many records `/predict` was sent; and when the
/// request arrived, for the latency the prediction log records.
final class RequestFacts: Sendable {
    private let recordCount = Mutex<Int?>(nil)
    let arrived = ContinuousClock.now

    var records: Int? {
        get { recordCount.withLock { $0 } }
        set { recordCount.withLock { $0 = newValue } }
    }
}
