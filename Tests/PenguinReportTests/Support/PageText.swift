import Foundation

/// Just enough reading of the generated pages for assertions: the cells of each table row as text, and
/// each inline SVG element. The pages come from one generator with a fixed shape, so patterns suffice.
enum PageText {
    /// Every table row as its cells' text, tags removed and the five escapes decoded.
    static func rows(_ html: String) -> [[String]] {
        matches(of: #"<tr>(.*?)</tr>"#, in: html).map { row in
            matches(of: #"<t[hd][^>]*>(.*?)</t[hd]>"#, in: row).map(text)
        }
    }

    /// The first row whose leading cells are `key`.
    static func row(_ html: String, startingWith key: [String]) -> [String]? {
        rows(html).first { Array($0.prefix(key.count)) == key }
    }

    /// Each `<svg>…</svg>` element, verbatim.
    static func svgs(_ html: String) -> [String] {
        matches(of: #"(<svg[\s>].*?</svg>)"#, in: html)
    }

    /// Markup to text as a reader sees it: inline tags dropped, other tags a word break, entities decoded,
    /// whitespace collapsed.
    static func text(_ markup: String) -> String {
        let stripped = markup
            .replacingOccurrences(of: #"</?(sup|code|span|a|time)\b[^>]*>"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        return stripped
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private static func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
