/// Text made safe to place in HTML or in SVG parsed as XML, for every page the gateway writes: the
/// report's `Markup` and the server's pages both escape through here.
public enum HTMLText {
    /// Escapes the five characters that are special in HTML text, attribute values and XML alike, so one
    /// escaping serves HTML pages and SVG parsed as XML. Control characters that neither HTML nor XML 1.0
    /// allows become U+FFFD instead of making the page invalid.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{FFFE}", "\u{FFFF}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
