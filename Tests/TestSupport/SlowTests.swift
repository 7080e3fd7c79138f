public import Testing
import Foundation

extension Tag {
    /// Checks that take minutes (fault injection, 100,000-input fuzzing, soaks, replica fleets). `swift test`
    /// in a dev loop skips them; `scripts/test` sets `PENGUINS_SLOW_TESTS=1` and runs everything.
    @Tag public static var slow: Self
}

/// The gate for `.slow` tests: Swift Testing cannot skip by tag from the command line on every toolchain,
/// so slow tests also carry `.enabled(if: SlowTests.enabled)`.
public enum SlowTests {
    public static var enabled: Bool {
        ProcessInfo.processInfo.environment["PENGUINS_SLOW_TESTS"] == "1"
    }
}
