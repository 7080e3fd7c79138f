import Foundation

/// A progress line for long reads: rows so far and rows per second, rewritten in place on stderr.
///
/// It shows only when stderr is a terminal, so logs and CI output stay clean, and it checks the clock
/// once every 16,384 rows so that counting costs nothing measurable on the read path.
public final class LoadProgress {
    private let isEnabled: Bool
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastShown: ContinuousClock.Instant
    private var hasShown = false
    private var rows = 0

    /// Creates a reporter; by default it is enabled only when stderr is a terminal.
    public init(isEnabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.isEnabled = isEnabled
        started = clock.now
        lastShown = started
    }

    /// Counts one row.
    @inline(__always)
    public func rowRead() {
        rows &+= 1
        if rows & 0x3FFF == 0 { showIfDue() }
    }

    /// Ends the line, if one was shown.
    public func finish() {
        guard hasShown else { return }
        show()
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func showIfDue() {
        guard isEnabled, lastShown.duration(to: clock.now) >= .milliseconds(500) else { return }
        show()
    }

    private func show() {
        lastShown = clock.now
        hasShown = true
        let seconds = max(started.duration(to: lastShown).milliseconds / 1000, 1e-9)
        let rate = Int((Double(rows) / seconds).rounded())
        FileHandle.standardError.write(Data("\r\(rows.formatted()) rows read, \(rate.formatted()) rows/s   ".utf8))
    }
}
