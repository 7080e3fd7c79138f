import Foundation

/// The stretch of the prediction log one `penguins monitor` run reads, and the periods it is cut into.
///
/// ## Topics
/// - ``Period``
/// - ``init(lookingBack:every:endingAt:)``
public struct MonitorWindow: Sendable, Equatable {
    /// How the window is cut for the performance metrics: UTC hours or UTC days.
    public enum Period: String, Sendable, CaseIterable {
        case hour, day

        var seconds: Int { self == .hour ? 3_600 : 86_400 }
    }

    /// Inclusive: `predicted_at >= start`.
    public let start: Date
    /// Exclusive: `predicted_at < end`, the moment the run began, so a rerun over the same window reads the same rows.
    public let end: Date
    public let period: Period

    /// The window of `lookback` ending at `end`, cut into `period`s. Whole milliseconds, so the bounds compare
    /// exactly with the log's millisecond timestamps on SQLite.
    public init(lookingBack lookback: Lookback, every period: Period, endingAt end: Date) {
        let endMilliseconds = (end.timeIntervalSince1970 * 1_000).rounded(.up)
        self.end = Date(timeIntervalSince1970: endMilliseconds / 1_000)
        self.start = Date(timeIntervalSince1970: (endMilliseconds - Double(lookback.seconds) * 1_000) / 1_000)
        self.period = period
    }
}

/// A `--since` duration: a whole number and a unit, `30m`, `24h`, `7d` or `2w`.
public struct Lookback: Sendable, Equatable, CustomStringConvertible {
    public let seconds: Int
    public let description: String

    /// The longest lookback accepted, ten years: beyond it a typo (`7000d`) is likelier than intent.
    static let maximumSeconds = 3_650 * 86_400
    private static let units: [Character: Int] = ["m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    public init(parsing text: String) throws(MonitorError) {
        guard let unit = text.last, let unitSeconds = Self.units[unit], case let digits = text.dropLast(),
            !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let count = Int(digits)
        else {
            throw .badLookback(text, problem: "give a whole number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 24h or 7d")
        }
        guard count > 0 else { throw .badLookback(text, problem: "it must be longer than zero, e.g. 24h") }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: unitSeconds)
        guard !overflow, seconds <= Self.maximumSeconds else { throw .badLookback(text, problem: "it may be at most 3650d (ten years)") }
        self.seconds = seconds
        self.description = text
    }
}
