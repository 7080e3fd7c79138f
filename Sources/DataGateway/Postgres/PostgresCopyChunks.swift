import Foundation

/// The bounded hand-off between the thread that encodes a COPY stream and the one that sends it.
///
/// At most `capacity` chunks wait, so memory stays flat however far the encoder runs ahead of the server.
/// The encoder ends with an `Outcome` (how many rows, and the problem that stopped it, if one did); the sender
/// can cancel it, and always waits for it to end, so no thread outlives the COPY.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked.
final class PostgresCopyChunks<Outcome: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var waiting: [[UInt8]] = []
    private var outcome: Outcome?
    private var cancelled = false

    /// Starts `encode` on a thread of its own, handing it this queue. A dedicated thread, as in
    /// `PartitionedRead`, because the sender blocks in libpq and may itself be a Swift concurrency thread.
    init(capacity: Int, encode: @escaping @Sendable (PostgresCopyChunks) -> Outcome) {
        self.capacity = capacity
        Thread.detachNewThread { [self] in
            let outcome = encode(self)
            locked {
                self.outcome = outcome
                condition.broadcast()
            }
        }
    }

    /// Encoder side: queues a chunk, waiting while the queue is full. False once the sender has cancelled,
    /// and the encoder should then stop.
    func put(_ chunk: [UInt8]) -> Bool {
        locked {
            while waiting.count >= capacity, !cancelled { condition.wait() }
            guard !cancelled else { return false }
            waiting.append(chunk)
            condition.broadcast()
            return true
        }
    }

    /// Sender side: the next chunk, waiting for one; nil once the encoder has ended and every chunk is taken.
    func take() -> [UInt8]? {
        locked {
            while waiting.isEmpty, outcome == nil { condition.wait() }
            guard !waiting.isEmpty else { return nil }
            defer { condition.broadcast() }
            return waiting.removeFirst()
        }
    }

    /// Sender side: stops the encoder at its next ``put(_:)`` and drops what waits.
    func cancel() {
        locked {
            cancelled = true
            waiting.removeAll()
            condition.broadcast()
        }
    }

    /// Sender side: the encoder's outcome, waiting for it to end.
    func ended() -> Outcome {
        locked {
            while true {
                if let outcome { return outcome }
                condition.wait()
            }
        }
    }

    private func locked<Value>(_ body: () -> Value) -> Value {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
