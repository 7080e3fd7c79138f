import Foundation

/// Numbers in SVG attributes: plain ASCII, at most two decimals (far below a pixel), no trailing zeros.
public enum SVGNumber {
    public static func format(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
