import Dispatch
import Foundation

/// A value computed on a thread of its own while the caller goes on, for CPU-bound work beside other
/// CPU-bound work in synchronous code: training hashes its data on the second core while the first solves.
///
/// A dedicated thread rather than a dispatch queue, because the caller may be a Swift concurrency thread that
/// then blocks in ``value()``; work queued behind it on a shared pool could wait for that very thread.
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    // Written once on the worker thread before `done` is signalled, read only after waiting for it.
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            result = work()
            done.signal()
        }
        thread.start()
    }

    /// Waits for the work to finish; later calls return at once.
    func value() -> Value {
        done.wait()
        defer { done.signal() }
        guard let result else { preconditionFailure("the background work signalled completion without a result") }
        return result
    }
}
