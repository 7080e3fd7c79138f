import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: a file descriptor, written whole lines at a time so that lines from concurrent
/// requests are never interleaved or torn.
///
/// The server's output (``standardOutput``) is buffered: a request only appends its line to a bounded buffer,
/// and a dedicated thread writes the buffer out. A slow or stalled reader of stdout (a full pipe, a paused
/// container log driver) must not stall requests, so when the buffer is full the line is dropped and counted
/// (``droppedLines``, which `/metrics` exposes) instead. ``flush(waiting:)`` writes what is left, at exit.
/// The commands' output (``standardError``) is written before `log` returns, in order with their `error:` lines.
public final class LogOutput: Sendable {
    /// Buffered, for `penguins serve`; flushed at exit once something has been logged to it.
    public static let standardOutput: LogOutput = {
        let output = LogOutput(descriptor: STDOUT_FILENO, capacity: 1 << 20)
        atexit { LogOutput.standardOutput.flush() }
        return output
    }()
    /// Written through, for the commands whose stdout is their output.
    public static let standardError = LogOutput(descriptor: STDERR_FILENO, capacity: nil)

    /// The descriptor lines are written to.
    public let descriptor: Int32
    /// Bytes the buffer may hold before lines are dropped; nil writes each line before `write` returns.
    private let capacity: Int?
    private let pending = Mutex(Pending())
    private let dropped = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    private let flushed = DispatchSemaphore(value: 0)

    private struct Pending {
        var bytes: [UInt8] = []
        var writing = false
        var writerIdle = false
        var flushWaiters = 0
    }

    /// Lines dropped so far because the buffer was full or the descriptor refused them.
    public var droppedLines: Int { dropped.load(ordering: .relaxed) }

    /// An output to `descriptor`; with a `capacity`, buffered and written by a thread of its own.
    public init(descriptor: Int32, capacity: Int?) {
        self.descriptor = descriptor
        self.capacity = capacity
        if capacity != nil {
            Thread.detachNewThread { [self] in drain() }
        }
    }

    /// Appends one line, which `encode` writes (with its newline) into the buffer it is given.
    func write(_ encode: (inout [UInt8]) -> Void) {
        guard let capacity else {
            pending.withLock { pending in
                encode(&pending.bytes)
                _ = writeAll(pending.bytes[...], to: descriptor)
                pending.bytes.removeAll(keepingCapacity: true)
            }
            return
        }
        let appended: Bool? = pending.withLock { pending in
            guard pending.bytes.count < capacity else { return nil }
            let below = pending.bytes.count < capacity / 2
            encode(&pending.bytes)
            // The writer is woken only from its idle sleep, or early when the buffer is half full: a wake-up
            // per line cost a futex call and a context switch per request.
            let wake = pending.writerIdle || (below && pending.bytes.count >= capacity / 2)
            pending.writerIdle = false
            return wake
        }
        switch appended {
        case nil: dropped.add(1, ordering: .relaxed)
        case true?: wake.signal()
        case false?: break
        }
    }

    /// Waits until every line appended so far is written, or `timeout` has passed (a reader that never reads
    /// must not keep the process from exiting).
    public func flush(waiting timeout: Duration = .seconds(2)) {
        guard capacity != nil else { return }
        let waiting = pending.withLock { pending in
            guard !pending.bytes.isEmpty || pending.writing else { return false }
            pending.flushWaiters += 1
            return true
        }
        if waiting {
            wake.signal()
            _ = flushed.wait(timeout: .now() + .milliseconds(Int(timeout / .milliseconds(1))))
        }
    }

    /// The writing thread: takes the whole buffer, leaving an empty one of the same capacity in its place,
    /// and writes it out without holding the lock, so requests keep appending meanwhile. Between writes it
    /// pauses a millisecond, so that under load one write carries many lines; with nothing to write it
    /// sleeps until a line arrives.
    private func drain() {
        var chunk: [UInt8] = []
        while true {
            let idle = pending.withLock { pending in
                swap(&pending.bytes, &chunk)
                pending.writing = !chunk.isEmpty
                pending.writerIdle = chunk.isEmpty
                return chunk.isEmpty
            }
            if idle {
                wake.wait()
                continue
            }
            if let unwritten = writeAll(chunk[...], to: descriptor) {
                dropped.add(unwritten.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }, ordering: .relaxed)
            }
            chunk.removeAll(keepingCapacity: true)
            let waiters = pending.withLock { pending in
                pending.writing = false
                guard pending.bytes.isEmpty else { return 0 }
                defer { pending.flushWaiters = 0 }
                return pending.flushWaiters
            }
            for _ in 0..<waiters { flushed.signal() }
            _ = wake.wait(timeout: .now() + .milliseconds(1))
        }
    }
}

/// Writes `bytes` whole, retrying short writes and interruptions; returns what could not be written.
private func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) -> ArraySlice<UInt8>? {
    var rest = bytes
    while !rest.isEmpty {
        let written = rest.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written >= 0 {
            rest = rest.dropFirst(written)
        } else if errno == EAGAIN || errno == EWOULDBLOCK {
            var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&ready, 1, -1)
        } else if errno != EINTR {
            return rest
        }
    }
    return nil
}
