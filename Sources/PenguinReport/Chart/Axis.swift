import Foundation

/// One axis of a chart: its title, the data range it spans and the labelled ticks along it.
struct Axis: Sendable {
    struct Tick: Sendable, Equatable {
        let value: Double
        let label: String
    }

    let title: String
    let lower: Double
    let upper: Double
    let ticks: [Tick]

    /// A numeric axis with round-number ticks that covers every value; nothing finite means a 0…1 axis.
    /// `integer` keeps counts on whole numbers.
    static func linear(title: String, covering values: [Double], integer: Bool = false, tickCount: Int = 6) -> Axis {
        let finite = values.filter(\.isFinite)
        let ticks = NiceTicks(covering: finite.min() ?? 0, finite.max() ?? 1, count: tickCount, integer: integer)
        return Axis(
            title: title, lower: ticks.lower, upper: ticks.upper,
            ticks: ticks.values.map { Tick(value: $0, label: NumberText.fixed($0, decimals: ticks.decimals)) })
    }

    /// A time axis in seconds since 1970. Ticks are round numbers of seconds, minutes, hours or days since
    /// the epoch, whichever suits the span, so evaluations seconds apart spread out as readily as ones days
    /// apart; a single instant gets a minute either side.
    static func time(title: String, covering dates: [Date], tickCount: Int = 5) -> Axis {
        let seconds = dates.map(\.timeIntervalSince1970)
        let first = seconds.min() ?? 0
        let last = seconds.max() ?? 0
        let span = last - first
        let unit: Double =
            span >= 2 * 86_400 ? 86_400 : span >= 2 * 3_600 ? 3_600 : span >= 2 * 60 || span == 0 ? 60 : 1
        let pad = span == 0 ? 1.0 : 0
        let ticks = NiceTicks(covering: first / unit - pad, last / unit + pad, count: tickCount, integer: true)
        return Axis(
            title: title, lower: ticks.lower * unit, upper: ticks.upper * unit,
            ticks: ticks.values.map { value in
                let date = Date(timeIntervalSince1970: value * unit)
                let label =
                    switch unit {
                    case 86_400: DateText.day(date)
                    case 1: DateText.dayAndSeconds(date)
                    default: DateText.dayAndTime(date)
                    }
                return Tick(value: value * unit, label: label)
            })
    }
}
