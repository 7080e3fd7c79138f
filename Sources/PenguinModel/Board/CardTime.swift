import Foundation

/// A model card's creation time, held as whole microseconds so that it survives JSON and the version text
/// exactly, whatever rounding a `Date`'s floating-point seconds would bring.
///
/// A whole-second time is written as cards were before sub-second versions (`2025-01-01T12:00:00Z`,
/// version `20250101T120000Z`), so those cards still hash to their versions; any other time carries six
/// fractional digits (`2025-01-01T12:00:00.123456Z`, version `20250101T120000.123456Z`).
struct CardTime {
    /// Microseconds since 1970-01-01T00:00:00Z.
    let microseconds: Int64

    init(_ date: Date) {
        microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Reads the ``text`` form, with or without fractional seconds (up to six digits).
    init?(parsing text: String) {
        guard text.hasSuffix("Z") else { return nil }
        let body = text.dropLast()
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = try? Date.ISO8601FormatStyle().parse(parts[0] + "Z") else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...6).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int64(digits) else { return nil }
            fraction = value * Int64(pow(10, Double(6 - digits.count)))
        }
        microseconds = Int64(whole.timeIntervalSince1970) * 1_000_000 + fraction
    }

    var date: Date {
        Date(timeIntervalSince1970: Double(wholeSeconds) + Double(fraction) / 1_000_000)
    }

    /// ISO 8601 UTC, e.g. `2025-01-01T12:00:00.123456Z`, for the card's `created_at`.
    var text: String {
        let whole = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(.iso8601)
        return fraction == 0 ? whole : whole.dropLast() + "." + sixDigits + "Z"
    }

    /// The version's time part, e.g. `20250101T120000.123456Z`.
    var versionPrefix: String {
        let whole = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(
            Date.ISO8601FormatStyle(dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt))
        return fraction == 0 ? whole : whole.dropLast() + "." + sixDigits + "Z"
    }

    private var wholeSeconds: Int64 { microseconds.floorDivided(by: 1_000_000) }
    private var fraction: Int64 { microseconds - wholeSeconds * 1_000_000 }
    private var sixDigits: String {
        let digits = String(fraction)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
