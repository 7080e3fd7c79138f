import PenguinStyle

/// A fragment of HTML or SVG that is safe to place in a page as is.
///
/// Pages are assembled only from `Markup`, and interpolating a plain `String` into one escapes it, so data
/// can reach a page only as text: a species called `<script>` prints its name instead of running.
/// String literals are trusted as markup because only this module writes them.
struct Markup: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private(set) var rendered: String

    init(stringLiteral literal: String) {
        rendered = literal
    }

    init(stringInterpolation: StringInterpolation) {
        rendered = stringInterpolation.rendered
    }

    /// Escaped text, for data that is neither a literal nor interpolated.
    init(text: String) {
        rendered = Self.escape(text)
    }

    var description: String { rendered }

    fileprivate init(trusted rendered: String) {
        self.rendered = rendered
    }

    static func + (lhs: Markup, rhs: Markup) -> Markup {
        Markup(trusted: lhs.rendered + rhs.rendered)
    }

    /// Escaping is ``PenguinStyle/HTMLText/escape(_:)``, shared with the server's pages.
    static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var rendered = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            rendered.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) {
            rendered += literal
        }

        /// Data: always escaped.
        mutating func appendInterpolation(_ text: String) {
            rendered += Markup.escape(text)
        }

        mutating func appendInterpolation(_ markup: Markup) {
            rendered += markup.rendered
        }

        mutating func appendInterpolation(_ markups: [Markup]) {
            for markup in markups { rendered += markup.rendered }
        }

        mutating func appendInterpolation(_ value: Int) {
            rendered += String(value)
        }

        /// An SVG coordinate or length: two decimals are far below a pixel and keep the files small.
        mutating func appendInterpolation(svg value: Double) {
            rendered += SVGNumber.format(value)
        }
    }
}

extension Array where Element == Markup {
    func joined(separator: Markup = "") -> Markup {
        Markup(trusted: map(\.rendered).joined(separator: separator.rendered))
    }
}
