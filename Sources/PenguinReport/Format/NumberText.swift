import Foundation

/// How numbers read on the pages: fixed decimals so columns line up, thousands separators so masses in
/// grams read at a glance, and a true minus sign. Locale-independent, so a site built anywhere is identical.
enum NumberText {
    /// What a missing value shows as.
    static let missing = "–"

    static func fixed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return value.isNaN ? missing : (value < 0 ? "−∞" : "∞") }
        let digits = String(format: "%.\(decimals)f", abs(value))
        let isZero = digits.allSatisfy { $0 == "0" || $0 == "." }
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = grouping ? group(String(parts[0])) : String(parts[0])
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (value < 0 && !isZero ? "−" : "") + whole + fraction
    }

    static func fixed(_ value: Double?, decimals: Int) -> String {
        value.map { fixed($0, decimals: decimals) } ?? missing
    }

    static func integer(_ value: Int) -> String {
        (value < 0 ? "−" : "") + group(String(value.magnitude))
    }

    /// `32.1 to 59.6`: the span of some data, for chart descriptions read aloud.
    static func span(_ values: [Double], decimals: Int) -> String {
        guard let low = values.min(), let high = values.max() else { return "no values" }
        return "\(fixed(low, decimals: decimals)) to \(fixed(high, decimals: decimals))"
    }

    /// A share of a total, e.g. `43.9%`; an empty total has no share.
    static func percent(_ part: Int, of total: Int) -> String {
        total == 0 ? missing : fixed(100 * Double(part) / Double(total), decimals: 1) + "%"
    }

    /// R's convention: three significant digits, and scientific notation (`2.4 × 10⁻¹⁴`) below 0.001 where
    /// fixed decimals would print only zeros; below 2×10⁻¹⁶ the digits are rounding noise, so only the bound shows.
    static func pValue(_ p: Double) -> Markup {
        if p < 2e-16 { return "&lt; 2 × 10<sup>−16</sup>" }
        if p >= 0.001 { return Markup(text: String(format: "%.3g", p)) }
        let exponent = Int((log10(p)).rounded(.down))
        var mantissa = p / pow(10, Double(exponent))
        var shown = exponent
        if mantissa >= 9.95 {
            mantissa /= 10
            shown += 1
        }
        return "\(fixed(mantissa, decimals: 1)) × 10<sup>\(integer(shown))</sup>"
    }

    /// Inserts a comma every three digits from the right of a run of ASCII digits.
    private static func group(_ digits: String) -> String {
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return grouped
    }
}
