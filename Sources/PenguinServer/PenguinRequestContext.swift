import Hummingbird
import Logging
import Synchronization

/// The request context of every route: Hummingbird's core storage plus what the request log needs from
/// inside a route.
struct PenguinRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Shared by reference, because a route's changes to a value-type context never reach the middleware
    /// that logs the request.
    let facts = RequestFacts()

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// What a route learns that the request log reports: how many records `/predict` was sent.
final class RequestFacts: Sendable {
    private let recordCount = Mutex<Int?>(nil)

    var records: Int? {
        get { recordCount.withLock { $0 } }
        set { recordCount.withLock { $0 = newValue } }
    }
}
